// Stories on the front page: which headlines other outlets carry too (the "+N sources" chip), which
// stories just broke, and the story view (/story/{id}). GET /api/stories and /api/stories/{id}.

import { backLink, focusHeading } from './view.js';
import { el, isId, langTag, itemDate, fetchJson, safeUrl } from './util.js';
import { t, langName, formatDate, uiLang, CONTENT_LANGS } from './i18n.js';
import { articlePath } from './feed.js';

const LIST_LIMIT = 100;
const REFRESH_DELAY = 1500; // a burst of new story ids costs one request

export function storyPath(id) {
  return `/story/${encodeURIComponent(id)}`;
}

/**
 * Story id -> the outlets that carry it, from one GET /api/stories at start; a headline naming a
 * story adds its own outlet, and a story not known yet asks the list again (debounced): never a
 * request per headline.
 */
export class StoryIndex {
  /** @param {(storyIds: Set<string>) => void} onChange stories whose outlets (or breaking mark) changed */
  constructor(onChange) {
    this.onChange = onChange;
    /** story id -> Set of outlet ids */
    this.outlets = new Map();
    /** story ids announced as breaking on this page */
    this.breaking = new Set();
    /** item ids named by a breaking announcement */
    this.breakingItems = new Set();
    this.timer = 0;
    this.loading = false;
    this.again = false;
  }

  /** How many outlets other than this headline's carry its story (0: none, or not known yet). */
  otherOutlets(item) {
    const set = item && isId(item.story ?? '') ? this.outlets.get(item.story) : null;
    if (!set) return 0;
    return set.size - (set.has(item.outlet) ? 1 : 0);
  }

  isBreaking(item) {
    return Boolean(item) && (this.breakingItems.has(item.id) || (isId(item.story ?? '') && this.breaking.has(item.story)));
  }

  /** A headline arrived (or got its story): its outlet joins the story; an unknown story is looked up once. */
  note(item) {
    if (!item || !isId(item.story ?? '') || typeof item.outlet !== 'string') return;
    const known = this.outlets.has(item.story);
    if (!known) {
      this.outlets.set(item.story, new Set([item.outlet]));
      this.refreshSoon();
    } else if (!this.outlets.get(item.story).has(item.outlet)) {
      this.outlets.get(item.story).add(item.outlet);
      this.onChange(new Set([item.story]));
    }
  }

  /** A `story` event; true the first time this story is announced. */
  markBreaking(story) {
    if (!story || !isId(String(story.id ?? ''))) return false;
    const id = String(story.id);
    if (this.breaking.has(id)) return false;
    this.breaking.add(id);
    for (const itemId of Array.isArray(story.items) ? story.items : []) if (isId(String(itemId))) this.breakingItems.add(String(itemId));
    this.#merge(id, Array.isArray(story.outlets) ? story.outlets : []);
    this.onChange(new Set([id]));
    return true;
  }

  refreshSoon() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.load(), REFRESH_DELAY);
  }

  async load() {
    if (this.loading) {
      this.again = true;
      return;
    }
    this.loading = true;
    const res = await fetchJson(`/api/stories?limit=${LIST_LIMIT}`);
    this.loading = false;
    if (res.ok && Array.isArray(res.data?.stories)) {
      const changed = new Set();
      for (const s of res.data.stories) {
        if (!s || !isId(String(s.id ?? '')) || !Array.isArray(s.items)) continue;
        if (this.#merge(String(s.id), s.items.map((i) => i && i.outlet))) changed.add(String(s.id));
      }
      if (changed.size) this.onChange(changed);
    }
    if (this.again) {
      this.again = false;
      this.refreshSoon();
    }
  }

  /** Adds outlets to a story; true when that changed its count. */
  #merge(id, outlets) {
    const set = this.outlets.get(id) ?? new Set();
    const before = this.outlets.has(id) ? set.size : -1;
    for (const o of outlets) if (typeof o === 'string') set.add(o);
    this.outlets.set(id, set);
    return set.size !== before;
  }
}

/** The "+N sources" chip of a headline: a link to its story, or null. */
export function sourcesChip(item, others) {
  if (others < 1 || !isId(item.story ?? '')) return null;
  return el('a', {
    class: 'sources-chip', href: storyPath(item.story), 'data-story': item.story,
    'aria-label': t('moreSourcesLabel', others), text: t('moreSources', others),
  });
}

/** The story view: title, who broke it and everyone's lag, the timeline, the headlines by language. */
export class StoryView {
  /**
   * @param {HTMLElement} container #story
   * @param {object} o
   * @param {() => void} o.onBack the reader asks for the list
   */
  constructor(container, { onBack }) {
    this.container = container;
    this.onBack = onBack;
    this.id = null;
    this.story = null;
    this.ctrl = null;
  }

  get shownId() {
    return this.container && !this.container.hidden ? this.id : null;
  }

  async open(id) {
    if (!this.container) return;
    this.ctrl?.abort();
    this.id = id;
    this.story = null;
    this.container.hidden = false;
    if (!isId(id)) {
      this.#renderMessage(t('storyNotFound'), 'story-missing');
      return;
    }
    this.#renderMessage(t('loading'), 'story-loading');
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    const res = await fetchJson(`/api/stories/${encodeURIComponent(id)}`, { signal: ctrl.signal });
    if (ctrl.signal.aborted || this.id !== id) return;
    if (res.ok && res.data && typeof res.data.title === 'string') this.#render(res.data);
    else if (res.status === 404 || res.status === 400) this.#renderMessage(t('storyNotFound'), 'story-missing');
    else this.#renderMessage(t('storyLoadFailed'), 'story-error', res.error);
  }

  close() {
    this.ctrl?.abort();
    this.id = null;
    this.story = null;
    if (this.container) {
      this.container.hidden = true;
      this.container.replaceChildren();
    }
  }

  relabel() {
    // a change of interface language keeps the focus on the switch the reader just pressed
    if (this.shownId && this.story) this.#render(this.story, { focus: false });
  }

  #renderMessage(text, cls, detail = null) {
    this.container.replaceChildren(backLink('story-back', () => this.onBack()), el('h1', { class: cls, text }),
      detail ? el('p', { class: 'muted', text: detail }) : null);
    if (cls !== 'story-loading') document.title = `${text} — Manchette`;
    focusHeading(this.container);
  }

  #render(story, { focus = true } = {}) {
    this.story = story;
    const items = (Array.isArray(story.items) ? story.items : []).filter((i) => i && isId(String(i.id ?? '')) && typeof i.title === 'string');
    const names = new Map(items.map((i) => [i.outlet, i.outletName || i.outlet]));
    const name = (outlet) => names.get(outlet) || outlet || '';
    const first = items.find((i) => i.outlet === story.firstOutlet) ?? items[0];

    const head = el('header', { class: 'story-head' },
      el('p', { class: 'kicker', text: t('storyKicker') }),
      el('h1', { dir: 'auto', lang: langTag(first?.lang), text: story.title }));

    const outlets = (Array.isArray(story.outlets) ? story.outlets : []).filter((o) => o && typeof o.outlet === 'string');
    const who = el('section', { class: 'story-outlets', 'aria-labelledby': 'story-outlets-h' },
      el('h2', { id: 'story-outlets-h', text: t('storyOutlets') }),
      el('ol', { class: 'story-outlet-list' }, outlets.map((o) => {
        const isFirst = o.outlet === story.firstOutlet;
        return el('li', { class: isFirst ? 'is-first' : null, 'data-outlet': o.outlet },
          el('bdi', { class: 'story-outlet', text: name(o.outlet) }), ' ',
          el('span', { class: isFirst ? 'first-badge' : 'lag', text: isFirst ? t('storyFirst') : t('lag', o.lagMs) }));
      })));

    const timeline = (Array.isArray(story.timeline) ? story.timeline : []).filter((e) => e && isId(String(e.id ?? '')));
    const table = el('section', { class: 'story-timeline', 'aria-labelledby': 'story-timeline-h' },
      el('h2', { id: 'story-timeline-h', text: t('storyTimeline') }),
      el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'story-timeline-h' },
        el('table', { id: 'story-timeline-table', class: 'timeline-table' },
          el('caption', { text: t('storyTimelineCaption') }),
          el('thead', {}, el('tr', {},
            ['colWhen', 'colSource', 'colHeadline', 'colLag'].map((k) => el('th', { scope: 'col', text: t(k) })))),
          el('tbody', {}, timeline.map((e) => {
            const when = itemDate({ detectedAt: e.detectedAt });
            return el('tr', { 'data-outlet': e.outlet },
              el('td', {}, when ? el('time', { datetime: when.toISOString(), text: formatDate(when, { timeStyle: 'short' }) }) : ''),
              el('th', { scope: 'row' }, el('bdi', { text: name(e.outlet) })),
              el('td', { lang: langTag(e.lang), dir: 'auto' },
                el('a', { href: articlePath(String(e.id)), 'data-id': String(e.id), text: e.title ?? '' })),
              el('td', { class: 'lag', text: e.outlet === story.firstOutlet && !e.lagMs ? t('storyFirst') : t('lag', e.lagMs) }));
          })))));

    // one column per language present, in the order the interface lists them
    const byLang = new Map();
    for (const i of items) {
      const lang = langTag(i.lang) || '';
      if (!byLang.has(lang)) byLang.set(lang, []);
      byLang.get(lang).push(i);
    }
    const order = [...byLang.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    const columns = el('section', { class: 'story-langs', 'aria-labelledby': 'story-langs-h' },
      el('h2', { id: 'story-langs-h', text: t('storyByLang') }),
      el('div', { class: 'lang-columns' }, order.map((lang) => el('section', {
        class: 'lang-column', 'data-lang': lang, 'aria-labelledby': `story-lang-${lang || 'x'}`,
      },
      el('h3', { id: `story-lang-${lang || 'x'}`, text: lang ? langName(lang) : '—' }),
      el('ul', { class: 'lang-items', lang: lang || null, dir: lang === 'ar' ? 'rtl' : 'auto' },
        byLang.get(lang).map((i) => storyItem(i)))))));

    this.container.replaceChildren(backLink('story-back', () => this.onBack()), el('article', { class: 'story-main' }, head, who, table, columns));
    document.title = `${story.title} — Manchette`;
    if (focus) focusHeading(this.container);
  }
}

function rank(lang) {
  const i = CONTENT_LANGS.indexOf(lang);
  return i < 0 ? CONTENT_LANGS.length : i;
}

function storyItem(i) {
  const id = String(i.id);
  const when = itemDate(i);
  const source = safeUrl(i.url);
  return el('li', { class: 'story-item', 'data-id': id },
    el('a', { class: 'story-item-title', href: articlePath(id), 'data-id': id, text: i.title }),
    el('p', { class: 'story-item-meta', lang: uiLang(), dir: 'auto' },
      el('bdi', { text: i.outletName || i.outlet || '' }),
      when ? [' · ', el('time', { datetime: when.toISOString(), text: formatDate(when, { timeStyle: 'short' }) })] : null,
      source ? [' · ', el('a', { class: 'story-original', href: source, rel: 'noopener noreferrer', target: '_blank', text: t('storyOriginal') })] : null));
}
