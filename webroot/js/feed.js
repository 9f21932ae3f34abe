// The headline list (newest first, at most MAX_ITEMS in the DOM), the ticker band and the
// "N nouveaux titres" badge.

import { el, safeUrl, cmpId, itemDate, langTag, setText, lazyImage } from './util.js';
import { t, relTime, sectionName, uiLang, formatDate } from './i18n.js';
import { DEMO_COMMAND } from './sources.js';
import { sourcesChip } from './stories.js';

export const MAX_ITEMS = 300;
const TICKER_SIZE = 15;
const TICKER_SPEED = 70; // px per second
const TICKER_MAX_WAIT = 5000; // ms a new headline may wait for the end of a lap

export function articlePath(id) {
  return `/items/${encodeURIComponent(id)}`;
}

export class Feed {
  /** stories: {otherOutlets(item), isBreaking(item)} for the chip and the breaking mark (optional) */
  constructor({ list, region, empty, badge, ticker, stories = null }) {
    this.list = list;
    this.stories = stories;
    this.region = region;
    this.empty = empty;
    this.badge = badge;
    this.ticker = ticker;
    /** id -> {item, node (li)} */
    this.entries = new Map();
    /** ids, newest first */
    this.order = [];
    this.newCount = 0;
    this.quiet = true;
    this.filtered = false;
    /** null, or {local}: no source answers (waiting would be a lie); local adds the offline demo hint */
    this.unreachable = null;
    this.tickerDirty = false;
    this.tickerTimer = 0;
    this.reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)');

    if (this.badge) {
      this.badge.addEventListener('click', () => {
        this.clearBadge();
        window.scrollTo({ top: 0, behavior: this.reducedMotion?.matches ? 'auto' : 'smooth' });
        const first = this.list?.querySelector('.headline .title');
        if (first) first.focus({ preventScroll: true });
      });
    }
    window.addEventListener('scroll', () => {
      if (window.scrollY < 50 && this.newCount) this.clearBadge();
    }, { passive: true });
    if (this.ticker?.viewport) {
      // animation events bubble: rebuild between two laps so the band never jumps
      this.ticker.viewport.addEventListener('animationiteration', () => {
        if (this.tickerDirty) this.#renderTicker();
      });
    }
  }

  get size() {
    return this.entries.size;
  }

  has(id) {
    return this.entries.has(id);
  }

  get(id) {
    return this.entries.get(id)?.item ?? null;
  }

  /** No source answers (or they answer again: null). Only shown while there is nothing to show instead. */
  setUnreachable(info) {
    const next = info ? { local: Boolean(info.local) } : null;
    if (JSON.stringify(next) === JSON.stringify(this.unreachable)) return;
    this.unreachable = next;
    if (!this.order.length) this.#renderTicker();
    this.#updateEmpty();
  }

  /** The "sources cannot be reached" message, with the demo command when the server runs on this machine. */
  #unreachableMessage(cls) {
    const p = el('p', { class: `${cls} is-unreachable`, role: cls === 'ticker-empty' ? 'status' : null },
      el('span', { class: 'unreachable-text', text: t('tickerUnreachable') }));
    if (this.unreachable?.local) {
      p.append(' ', el('span', { class: 'demo-hint' }, t('demoHint'), ' ', el('code', { dir: 'ltr', text: DEMO_COMMAND })));
    }
    p.append(' ', el('a', { class: 'sources-link', href: '/dashboard', text: t('sourcesStatus') }));
    return p;
  }

  /** While quiet (backfill / replay burst), additions are not announced by the live region. */
  setQuiet(quiet) {
    this.quiet = quiet;
    if (this.region) this.region.setAttribute('aria-busy', quiet ? 'true' : 'false');
    if (this.list) {
      if (quiet) this.list.setAttribute('aria-live', 'off');
      else this.list.removeAttribute('aria-live');
    }
    this.#updateEmpty();
  }

  /**
   * Adds a headline at its place (by id). fresh = news the reader has not seen (animated, counted
   * on the badge). Returns false for a duplicate.
   */
  add(item, { fresh = false } = {}) {
    if (this.entries.has(item.id)) {
      this.update(item);
      return false;
    }
    // the list keeps the newest MAX_ITEMS: an older one than all of them when full is dropped
    if (this.order.length >= MAX_ITEMS && cmpId(item.id, this.order[this.order.length - 1]) < 0) return false;
    const li = el('li', { class: 'headline-item' }, buildHeadline(item, this.stories));
    let idx = 0;
    while (idx < this.order.length && cmpId(this.order[idx], item.id) > 0) idx++;
    const before = idx < this.order.length ? this.entries.get(this.order[idx]).node : null;
    this.list.insertBefore(li, before);
    this.order.splice(idx, 0, item.id);
    this.entries.set(item.id, { item, node: li });
    if (fresh && idx === 0 && !this.reducedMotion?.matches) {
      li.classList.add('is-new');
      const done = (e) => {
        if (e.target !== li || e.animationName !== 'flash') return;
        li.classList.remove('is-new');
        li.removeEventListener('animationend', done);
      };
      li.addEventListener('animationend', done);
    }
    while (this.order.length > MAX_ITEMS) this.remove(this.order[this.order.length - 1], { ticker: false });
    if (fresh) this.#countNew();
    if (idx < TICKER_SIZE) this.#scheduleTicker(false);
    this.#updateEmpty();
    return true;
  }

  /** Replaces the item with the same id in place (list and ticker). */
  update(item) {
    const entry = this.entries.get(item.id);
    if (!entry) return false;
    entry.item = item;
    fillHeadline(entry.node.querySelector('.headline'), item, this.stories);
    for (const a of this.#tickerLinks(item.id)) fillTickerItem(a, item, this.stories);
    return true;
  }

  /** Redraws the headlines of these stories (their outlet count or breaking mark changed). */
  refreshStories(storyIds) {
    for (const { item } of this.entries.values()) {
      if (storyIds.has(item.story) || this.stories?.isBreaking(item)) this.update(item);
    }
  }

  remove(id, { ticker = true } = {}) {
    const entry = this.entries.get(id);
    if (!entry) return false;
    // keep keyboard focus inside the list when the focused headline goes away
    const hadFocus = entry.node.contains(document.activeElement);
    const next = entry.node.nextElementSibling || entry.node.previousElementSibling;
    entry.node.remove();
    this.entries.delete(id);
    const i = this.order.indexOf(id);
    if (i >= 0) this.order.splice(i, 1);
    if (hadFocus && next) next.querySelector('.title')?.focus();
    if (ticker && this.#tickerLinks(id).length) this.#scheduleTicker(true);
    this.#updateEmpty();
    return true;
  }

  clear() {
    this.entries.clear();
    this.order = [];
    if (this.list) this.list.replaceChildren();
    this.clearBadge();
    this.#renderTicker();
    this.#updateEmpty();
  }

  setFiltered(filtered) {
    this.filtered = filtered;
    this.#updateEmpty();
  }

  clearBadge() {
    this.newCount = 0;
    if (this.badge) this.badge.hidden = true;
  }

  /** Relative times, every 30 s. */
  refreshTimes(now = Date.now()) {
    for (const time of document.querySelectorAll('time[data-rel]')) {
      const d = time.getAttribute('datetime');
      if (d) setText(time, relTime(d, now));
    }
  }

  /** After a change of interface language. */
  relabel() {
    for (const { item, node } of this.entries.values()) fillHeadline(node.querySelector('.headline'), item, this.stories);
    if (this.newCount && this.badge) setText(this.badge, t('newTitles', this.newCount));
    this.#renderTicker();
    this.#updateEmpty();
  }

  /** j / k: focus the next (+1) or previous (-1) headline. */
  moveFocus(step) {
    const titles = [...this.list.querySelectorAll('.headline .title')];
    if (!titles.length) return;
    const current = document.activeElement?.closest?.('.headline');
    let i = current ? titles.findIndex((a) => a.closest('.headline') === current) : -1;
    i = i < 0 ? (step > 0 ? 0 : titles.length - 1) : Math.min(titles.length - 1, Math.max(0, i + step));
    titles[i].focus();
    titles[i].closest('.headline')?.scrollIntoView({ block: 'nearest', behavior: 'auto' });
  }

  #countNew() {
    const listVisible = this.list && !this.list.closest('[hidden]');
    if (!this.badge || !listVisible || window.scrollY <= 200) return;
    this.newCount++;
    setText(this.badge, t('newTitles', this.newCount));
    this.badge.hidden = false;
  }

  #updateEmpty() {
    if (!this.empty) return;
    const show = this.entries.size === 0 && !this.quiet;
    this.empty.hidden = !show;
    if (!show) return;
    if (this.unreachable && !this.filtered) this.empty.replaceChildren(...this.#unreachableMessage('empty').childNodes);
    else setText(this.empty, t(this.filtered ? 'emptyFiltered' : 'emptyList'));
  }

  // ---- ticker -------------------------------------------------------------------------------

  #tickerLinks(id) {
    if (!this.ticker?.viewport) return [];
    return [...this.ticker.viewport.querySelectorAll('.ticker-item')].filter((a) => a.dataset.id === id);
  }

  #scheduleTicker(urgent) {
    if (!this.ticker?.viewport) return;
    const animating = this.ticker.viewport.querySelector('.ticker-track.is-animated');
    if (urgent || !animating || this.reducedMotion?.matches) {
      clearTimeout(this.tickerTimer);
      this.tickerTimer = setTimeout(() => this.#renderTicker(), 250);
    } else if (!this.tickerDirty) {
      this.tickerDirty = true;
      // a lap of a long band can last a minute: news must not wait for it (nor jump under a reader's pointer)
      this.tickerTimer = setTimeout(() => this.#renderWhenNotHovered(), TICKER_MAX_WAIT);
    }
  }

  #renderWhenNotHovered() {
    if (!this.tickerDirty) return;
    if (this.ticker?.viewport?.matches(':hover, :focus-within')) {
      this.tickerTimer = setTimeout(() => this.#renderWhenNotHovered(), 1000);
    } else {
      this.#renderTicker();
    }
  }

  #renderTicker() {
    const viewport = this.ticker?.viewport;
    if (!viewport) return;
    clearTimeout(this.tickerTimer);
    this.tickerDirty = false;
    const ids = this.order.slice(0, TICKER_SIZE);
    if (!ids.length) {
      viewport.replaceChildren(this.unreachable ? this.#unreachableMessage('ticker-empty')
        : el('p', { class: 'ticker-empty', text: t('tickerEmpty') }));
      return;
    }
    const group = (copy) => {
      const ul = el('ul', { class: 'ticker-group', ...(copy ? { 'aria-hidden': 'true', inert: true } : {}) });
      for (const id of ids) {
        const a = el('a', { class: 'ticker-item', href: articlePath(id), 'data-id': id, ...(copy ? { tabindex: '-1' } : {}) });
        fillTickerItem(a, this.entries.get(id).item, this.stories);
        ul.append(el('li', {}, a));
      }
      return ul;
    };
    const track = el('div', { class: 'ticker-track' }, group(false), group(true));
    viewport.replaceChildren(track);
    if (this.reducedMotion?.matches) return;
    // duration follows the length so the speed stays constant
    const width = track.firstElementChild.scrollWidth;
    if (width > 0) {
      track.style.setProperty('--ticker-duration', `${Math.max(20, Math.round(width / TICKER_SPEED))}s`);
      track.classList.add('is-animated');
    }
  }
}

// ---- one headline -----------------------------------------------------------------------------

export function buildHeadline(item, stories = null) {
  const article = el('article', { class: 'headline', 'data-id': item.id, 'data-outlet': item.outlet ?? '', dir: 'auto' });
  const body = el('div', { class: 'headline-body' },
    el('h2', { class: 'headline-title' }, el('a', { class: 'title', href: articlePath(item.id), 'data-id': item.id })),
    el('p', { class: 'meta' },
      el('bdi', { class: 'outlet' }),
      el('span', { class: 'sep', 'aria-hidden': 'true', text: ' · ' }),
      el('time', { class: 'time', 'data-rel': '' }),
      el('span', { class: 'sep sep-section', 'aria-hidden': 'true', text: ' · ' }),
      el('span', { class: 'section' }),
      el('span', { class: 'story-marks' })));
  article.append(el('div', { class: 'thumb', hidden: true }), body);
  fillHeadline(article, item, stories);
  return article;
}

/** Writes (or rewrites, for updates and language changes) the fields of a headline. */
export function fillHeadline(article, item, stories = null) {
  if (!article) return;
  const breaking = Boolean(stories?.isBreaking(item));
  article.classList.toggle('is-breaking', breaking);
  const lang = langTag(item.lang);
  if (lang) article.setAttribute('lang', lang);
  else article.removeAttribute('lang');
  article.dataset.outlet = item.outlet ?? '';
  const title = article.querySelector('.title');
  setText(title, item.title);
  const meta = article.querySelector('.meta');
  meta.setAttribute('lang', uiLang());
  setText(meta.querySelector('.outlet'), item.outletName || item.outlet || '');
  const when = itemDate(item);
  const time = meta.querySelector('.time');
  if (when) {
    time.setAttribute('datetime', when.toISOString());
    time.setAttribute('title', formatDate(when));
    setText(time, relTime(when));
  } else {
    time.removeAttribute('datetime');
    setText(time, '');
  }
  const section = meta.querySelector('.section');
  const hasSection = typeof item.section === 'string' && item.section !== '';
  setText(section, hasSection ? sectionName(item.section) : '');
  section.hidden = !hasSection;
  meta.querySelector('.sep-section').hidden = !hasSection;
  const chip = stories ? sourcesChip(item, stories.otherOutlets(item)) : null;
  meta.querySelector('.story-marks').replaceChildren(
    ...(breaking ? [' ', el('strong', { class: 'breaking-badge', text: t('breaking') })] : []),
    ...(chip ? [' ', chip] : []));

  const thumb = article.querySelector('.thumb');
  const src = safeUrl(item.image);
  const current = thumb.querySelector('img');
  if (!src) {
    thumb.replaceChildren();
    thumb.hidden = true;
  } else if (!current || current.getAttribute('src') !== src) {
    const img = lazyImage(src, { onFail: () => { thumb.hidden = true; } });
    const link = el('a', { href: articlePath(item.id), 'data-id': item.id, tabindex: '-1', 'aria-hidden': 'true', class: 'thumb-link' }, img);
    thumb.replaceChildren(link);
    thumb.hidden = false;
  }
}

function fillTickerItem(a, item, stories) {
  const lang = langTag(item.lang);
  if (lang) a.setAttribute('lang', lang);
  a.setAttribute('dir', 'auto');
  const breaking = Boolean(stories?.isBreaking(item));
  a.classList.toggle('is-breaking', breaking);
  a.replaceChildren(...[
    breaking ? el('strong', { class: 'ticker-breaking', lang: uiLang(), text: t('breaking') }) : null,
    el('bdi', { class: 'ticker-outlet', text: item.outletName || item.outlet || '' }),
    el('span', { class: 'ticker-title', text: item.title })].filter(Boolean));
}
