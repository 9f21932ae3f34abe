// What the article view and the story view share: the way back to the list and the focus on arrival.
import { el } from './util.js';
import { t } from './i18n.js';

/** "Back to the list": a plain left click goes back in the page; other clicks follow the link. */
export function backLink(id, onBack) {
  return el('p', { class: 'back' }, el('a', {
    href: '/', class: 'back-link', id, text: t('backToList'),
    onclick: (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      onBack();
    },
  }));
}

/** A screen reader starts reading the new view at its heading. */
export function focusHeading(container) {
  const h = container.querySelector('h1');
  if (h) {
    h.setAttribute('tabindex', '-1');
    h.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
}
