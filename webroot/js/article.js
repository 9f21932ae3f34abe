// The article view: /items/{id} or /#/items/{id}. GET /api/items/{id} -> item + related (+ body).

import { backLink, focusHeading } from './view.js';
import { el, safeUrl, isId, langTag, itemDate, fetchJson, lazyImage, setText } from './util.js';
import { t, relTime, formatDate, sectionName } from './i18n.js';
import { articlePath } from './feed.js';

const REASONS = [
  ['inappropriate', 'reasonInappropriate'],
  ['shocking-image', 'reasonShockingImage'],
  ['misinformation', 'reasonMisinformation'],
  ['other', 'reasonOther'],
];

export class ArticleView {
  /**
   * @param {HTMLElement} container #article
   * @param {object} o
   * @param {(id: string) => object|null} o.cached an item already known from the stream
   * @param {() => void} o.onBack the reader asks for the list
   */
  constructor(container, { cached, onBack }) {
    this.container = container;
    this.cached = cached;
    this.onBack = onBack;
    this.id = null;
    this.item = null;
    this.state = 'idle';
    this.ctrl = null;
  }

  get shownId() {
    return this.container && !this.container.hidden ? this.id : null;
  }

  async open(id) {
    if (!this.container) return;
    this.ctrl?.abort();
    this.id = id;
    this.item = null;
    this.container.hidden = false;
    if (!isId(id)) {
      this.#renderMissing();
      return;
    }
    const known = this.cached(id);
    if (known) this.#render(known, { partial: true });
    else this.#renderMessage(t('loading'), 'article-loading');
    focusHeading(this.container);

    const ctrl = new AbortController();
    this.ctrl = ctrl;
    const res = await fetchJson(`/api/items/${encodeURIComponent(id)}`, { signal: ctrl.signal });
    if (ctrl.signal.aborted || this.id !== id) return;
    if (res.ok && res.data && typeof res.data.title === 'string') {
      // the first render (from the stream's copy) had the focus on its heading: keep it there
      const refocus = !known || this.container.contains(document.activeElement) || document.activeElement === document.body;
      this.#render({ ...res.data, id: String(res.data.id ?? id) });
      if (refocus) focusHeading(this.container);
    } else if (res.status === 404 || res.status === 410) {
      this.#renderMissing();
      focusHeading(this.container);
    } else if (known) {
      this.#render(known); // the server is unreachable: show what the stream told us
    } else {
      this.#renderError(res.error);
      focusHeading(this.container);
    }
  }

  close() {
    this.ctrl?.abort();
    this.id = null;
    this.item = null;
    if (this.container) {
      this.container.hidden = true;
      this.container.replaceChildren();
    }
  }

  /** A live update of the item shown (title, summary). */
  update(item) {
    if (this.shownId !== item.id || !this.item) return;
    const merged = { ...this.item, ...item, related: this.item.related, body: this.item.body };
    this.item = merged;
    setText(this.container.querySelector('h1'), merged.title);
    if (!merged.body) {
      const text = this.container.querySelector('.article-text');
      if (text) text.replaceChildren(...paragraphs(merged.summary));
    }
  }

  /** A retracted item disappears from "Lire aussi". */
  dropRelated(id) {
    for (const li of this.container?.querySelectorAll('.related-item') ?? []) {
      if (li.dataset.id === id) li.remove();
    }
    const list = this.container?.querySelector('.related');
    if (list && !list.children.length) list.closest('.related-box')?.setAttribute('hidden', '');
  }

  relabel() {
    if (this.shownId && this.item) this.#render(this.item, { keepReport: false });
  }

  // ---- rendering -----------------------------------------------------------------------------

  #renderMessage(text, cls) {
    this.container.replaceChildren(backLink('article-back', () => this.onBack()), el('h1', { class: cls, text }));
  }

  #renderMissing() {
    this.#renderMessage(t('notFound'), 'article-missing');
    document.title = `${t('notFound')} — Manchette`;
  }

  #renderError(serverMessage) {
    const id = this.id;
    this.container.replaceChildren(
      backLink('article-back', () => this.onBack()),
      el('h1', { class: 'article-error', text: t('loadFailed') }),
      serverMessage ? el('p', { class: 'muted', text: serverMessage }) : null,
      el('p', {}, el('button', { type: 'button', class: 'btn', text: t('retry'), onclick: () => this.open(id) })));
  }

  #render(item, { partial = false } = {}) {
    this.item = item;
    const lang = langTag(item.lang);
    const when = itemDate(item);
    const outletName = item.outletName || item.outlet || '';
    const image = safeUrl(item.image);
    const source = safeUrl(item.url);

    const head = el('header', { class: 'article-head' },
      el('p', { class: 'kicker' },
        el('bdi', { class: 'article-outlet', text: outletName }),
        item.section ? [el('span', { 'aria-hidden': 'true', text: ' · ' }), el('span', { class: 'article-section', text: sectionName(item.section) })] : null),
      el('h1', { dir: 'auto', lang, tabindex: '-1', text: item.title }),
      el('p', { class: 'byline' }, when
        ? t('publishedIn', el('bdi', { text: outletName }), el('time', { datetime: when.toISOString(), text: formatDate(when) }))
        : el('bdi', { text: outletName })),
      item.author ? el('p', { class: 'author', dir: 'auto', text: t('byAuthor', item.author) }) : null);

    let figure = null;
    if (image) {
      figure = el('figure', { class: 'article-figure' });
      const img = lazyImage(image, { onFail: () => { figure.hidden = true; } });
      img.removeAttribute('loading'); // the main picture is wanted at once
      figure.append(img);
    }

    const text = el('div', { class: 'article-text', dir: 'auto', lang },
      ...paragraphs(typeof item.body === 'string' && item.body.trim() ? item.body : item.summary));

    const actions = el('div', { class: 'article-actions' },
      // an entry without a usable link carries the outlet's homepage: say so rather than promise the article
      source && item.urlKind === 'homepage'
        ? el('a', { class: 'source-link btn', href: source, rel: 'noopener noreferrer', target: '_blank', 'data-url-kind': 'homepage' },
          ...t('visitHomepage', el('bdi', { text: outletName })))
        : source ? el('a', { class: 'source-link btn btn-primary', href: source, rel: 'noopener noreferrer', target: '_blank', text: t('readSource') }) : null,
      partial ? null : this.#reportBox(item, Boolean(image)));

    const main = el('article', { class: 'article-main', lang }, head, figure, text, actions);

    const related = Array.isArray(item.related) ? item.related.filter((r) => r && isId(String(r.id ?? '')) && typeof r.title === 'string') : [];
    const aside = el('aside', { class: 'related-box', hidden: related.length === 0 },
      el('h2', { text: t('readAlso') }),
      el('ul', { class: 'related' }, related.map((r) => relatedItem(r))));

    this.container.replaceChildren(backLink('article-back', () => this.onBack()), el('div', { class: 'article-layout' }, main, partial ? null : aside));
    document.title = `${item.title} — Manchette`;
  }

  #reportBox(item, hasImage) {
    const id = item.id;
    const reason = el('select', { id: 'report-reason', name: 'reason', required: true },
      REASONS.map(([value, key]) => el('option', { value, text: t(key) })));
    const imageOnly = hasImage ? el('input', { type: 'checkbox', id: 'report-image-only', name: 'imageOnly' }) : null;
    const error = el('p', { id: 'report-error', class: 'form-error', role: 'alert', hidden: true });
    const submit = el('button', { type: 'submit', id: 'report-submit', class: 'btn btn-primary', text: t('reportSend') });
    const thanks = el('p', { id: 'report-thanks', class: 'report-thanks', role: 'status', hidden: true, text: t('reportThanks') });
    const form = el('form', { id: 'report-form', class: 'report-form', hidden: true },
      el('fieldset', {},
        el('legend', { text: t('reportLegend') }),
        el('p', { class: 'field' }, el('label', { for: 'report-reason', text: t('reportReason') }), reason),
        imageOnly ? el('p', { class: 'field field-check' }, imageOnly, el('label', { for: 'report-image-only', text: t('reportImageOnly') })) : null,
        error,
        el('p', { class: 'form-actions' }, submit,
          el('button', { type: 'button', class: 'btn', id: 'report-cancel', text: t('reportCancel'), onclick: () => toggle(false) }))));
    const button = el('button', {
      type: 'button', id: 'report-btn', class: 'btn btn-quiet', 'aria-expanded': 'false', 'aria-controls': 'report-form',
      text: t('report'), onclick: () => toggle(form.hidden),
    });

    function toggle(open) {
      form.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      if (open) {
        thanks.hidden = true;
        error.hidden = true;
        reason.focus();
      } else {
        button.focus();
      }
    }

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (submit.disabled) return;
      submit.disabled = true;
      error.hidden = true;
      const payload = { reason: reason.value, target: imageOnly?.checked ? 'image' : 'item' };
      const res = await fetchJson(`/api/items/${encodeURIComponent(id)}/reports`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(payload),
      });
      submit.disabled = false;
      if (res.status === 202 || res.ok) {
        form.hidden = true;
        button.setAttribute('aria-expanded', 'false');
        button.disabled = true;
        thanks.hidden = false;
      } else {
        error.textContent = res.error || t('reportFailed');
        error.hidden = false;
      }
    });

    return el('div', { class: 'report-box' }, button, form, thanks);
  }
}

function paragraphs(text) {
  if (typeof text !== 'string' || !text.trim()) return [];
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean).map((p) => el('p', { text: p }));
}

function relatedItem(r) {
  const id = String(r.id);
  const when = itemDate(r);
  return el('li', { class: 'related-item', 'data-id': id },
    el('a', { href: articlePath(id), class: 'related-title', 'data-id': id, dir: 'auto', lang: langTag(r.lang), text: r.title }),
    el('span', { class: 'related-meta' },
      el('bdi', { text: r.outletName || r.outlet || '' }),
      when ? [' · ', el('time', { datetime: when.toISOString(), 'data-rel': '', text: relTime(when) })] : null));
}

