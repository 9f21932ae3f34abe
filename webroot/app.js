// Manchette — the live front page: ticker band, headline list, filters, article and story views.

import { el, debounce, validItem, isId, fetchJson, setText } from './js/util.js';
import {
  t, initUiLang, bindUiSwitch, applyI18n, uiLang, regionName, langName, sectionName, formatDate,
  SECTIONS, REGIONS, CONTENT_LANGS,
} from './js/i18n.js';
import { LiveStream } from './js/stream.js';
import { Feed, articlePath } from './js/feed.js';
import { ArticleView } from './js/article.js';
import { StoryIndex, StoryView, storyPath } from './js/stories.js';
import { allSourcesDown, runsLocally } from './js/sources.js';

const FILTER_KEYS = ['section', 'outlet', 'lang', 'region', 'q'];
const BACKFILL = 50;
const QUIET_MS = 1200; // a burst (backfill, replay) ends after this long without a frame
const SOURCES_EVERY = 15_000; // while the page has no headline: do the sources answer at all?
const $ = (id) => document.getElementById(id);

const dom = {
  list: $('headlines'),
  feedRegion: $('feed'),
  empty: $('empty'),
  badge: $('new-badge'),
  status: $('status'),
  statusText: document.querySelector('#status .status-text'),
  listView: $('list-view'),
  article: $('article'),
  story: $('story'),
  tickerViewport: $('ticker-viewport'),
  ticker: $('ticker'),
  filters: $('filters'),
  outlet: $('filter-outlet'),
  lang: $('filter-lang'),
  region: $('filter-region'),
  q: $('filter-q'),
  clear: $('filter-clear'),
  nav: $('sections-nav'),
  uiSwitch: $('ui-switch'),
  notice: $('notice'),
  dateline: $('dateline'),
};

let filters = readFilters(location.search);
let outlets = [];
let statusState = { state: 'reconnecting', first: true };
let listScroll = 0;
let lastOpenedId = null;
let lastOpenedStory = null;
let burstInitial = true;
let burstTimer = 0;
let noticeTimer = 0;
const baseTitle = document.title;

const stories = new StoryIndex((ids) => feed?.refreshStories(ids));

const feed = dom.list ? new Feed({
  stories,
  list: dom.list,
  region: dom.feedRegion,
  empty: dom.empty,
  badge: dom.badge,
  ticker: { viewport: dom.tickerViewport },
}) : null;

const article = new ArticleView(dom.article, {
  cached: (id) => feed?.get(id) ?? null,
  onBack: backToList,
});

const storyView = new StoryView(dom.story, { onBack: backToList });

const stream = new LiveStream({
  params: () => {
    const p = filterParams(filters);
    p.set('backfill', String(BACKFILL));
    return p;
  },
  onEvent: handleEvent,
  onState: (state, detail) => setStatus(state, detail.first),
  onOpen: ({ resumed }) => beginBurst(!resumed),
});

init();

function init() {
  initUiLang();
  fillStaticSelects();
  fillOutletSelect();
  relabelStatic();
  syncControls();
  setupControls();
  setupUiSwitch();
  setupNavigation();
  setupKeyboard();
  if (feed) {
    feed.setFiltered(hasFilters(filters));
    feed.setQuiet(true);
    feed.clear();
  }
  route();
  startStream();
  loadOutlets();
  if (feed) stories.load();
  setInterval(() => feed?.refreshTimes(), 30_000);
}

// ---- stream ----------------------------------------------------------------------------------

function startStream() {
  if (!feed) return;
  burstInitial = true;
  feed.setQuiet(true);
  stream.start({ fresh: true });
}

function beginBurst(initial) {
  burstInitial = initial;
  feed?.setQuiet(true);
  extendBurst();
}

function extendBurst() {
  clearTimeout(burstTimer);
  burstTimer = setTimeout(() => {
    burstInitial = false;
    feed?.setQuiet(false);
  }, QUIET_MS);
}

function handleEvent(type, data) {
  if (!feed) return;
  if (feed.quiet) extendBurst();
  switch (type) {
    case 'headline': {
      const item = validItem(data);
      if (!item) break;
      stories.note(item);
      feed.add(item, { fresh: !burstInitial });
      break;
    }
    case 'update': {
      const item = validItem(data);
      if (!item) break;
      stories.note(item); // a headline's story id usually comes as an update
      feed.update(item);
      article.update(item);
      break;
    }
    case 'retract': {
      const id = data && data.id != null ? String(data.id) : null;
      if (!isId(id)) break;
      feed.remove(id);
      article.dropRelated(id);
      if (article.shownId === id) {
        backToList();
        showNotice(t('retracted'));
      }
      break;
    }
    case 'story':
      // announced once per story: the headlines already shown get the breaking mark
      if (stories.markBreaking(data) && typeof data.title === 'string') showNotice(t('breakingNotice', data.title));
      break;
    case 'reset':
      // the cursor is older than the history kept: start over with a fresh backfill
      feed.clear();
      startStream();
      break;
    default:
  }
}

function setStatus(state, first = false) {
  statusState = { state, first };
  if (!dom.status) return;
  dom.status.dataset.state = state;
  const key = state === 'live' ? 'statusLive' : state === 'offline' ? 'statusOffline' : first ? 'statusConnecting' : 'statusReconnecting';
  setText(dom.statusText || dom.status, t(key));
}

// ---- filters ---------------------------------------------------------------------------------

function readFilters(search) {
  const p = new URLSearchParams(search);
  const f = {};
  for (const k of FILTER_KEYS) f[k] = (p.get(k) || '').trim().slice(0, 200);
  return f;
}

function filterParams(f) {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k]) p.set(k, f[k]);
  return p;
}

function hasFilters(f) {
  return FILTER_KEYS.some((k) => f[k]);
}

function sameFilters(a, b) {
  return FILTER_KEYS.every((k) => (a[k] || '') === (b[k] || ''));
}

/** The query string of the current view: filters + ui. */
function queryString(f = filters) {
  const p = filterParams(f);
  if (uiLang() !== 'fr') p.set('ui', uiLang());
  const qs = p.toString();
  return qs ? `?${qs}` : '';
}

function listUrl(f = filters) {
  return `/${queryString(f)}`;
}

/** New filters: URL, controls, list cleared, stream reopened with a backfill. */
function applyFilters(next, { updateUrl = true } = {}) {
  if (sameFilters(next, filters)) return;
  filters = { ...next };
  if (updateUrl) {
    const path = article.shownId || storyView.shownId ? location.pathname : '/';
    history.replaceState(history.state, '', `${path}${queryString()}`);
  }
  syncControls();
  if (feed) {
    feed.setFiltered(hasFilters(filters));
    feed.clear();
  }
  startStream();
}

function setupControls() {
  for (const [key, select] of [['outlet', dom.outlet], ['lang', dom.lang], ['region', dom.region]]) {
    select?.addEventListener('change', () => applyFilters({ ...filters, [key]: select.value }));
  }
  if (dom.q) {
    const typed = debounce(() => applyFilters({ ...filters, q: dom.q.value.trim() }), 450);
    dom.q.addEventListener('input', typed);
    dom.filters?.addEventListener('submit', (e) => {
      e.preventDefault();
      typed.cancel();
      applyFilters({ ...filters, q: dom.q.value.trim() });
    });
  } else {
    dom.filters?.addEventListener('submit', (e) => e.preventDefault());
  }
  dom.clear?.addEventListener('click', () => {
    applyFilters({ section: filters.section, outlet: '', lang: '', region: '', q: '' });
  });
}

function syncControls() {
  if (dom.outlet) {
    ensureOption(dom.outlet, filters.outlet);
    dom.outlet.value = filters.outlet;
  }
  if (dom.lang) {
    ensureOption(dom.lang, filters.lang);
    dom.lang.value = filters.lang;
  }
  if (dom.region) {
    ensureOption(dom.region, filters.region);
    dom.region.value = filters.region;
  }
  if (dom.q && document.activeElement !== dom.q) dom.q.value = filters.q;
  if (dom.clear) dom.clear.hidden = !(filters.outlet || filters.lang || filters.region || filters.q);
  for (const a of dom.nav?.querySelectorAll('a[data-section]') ?? []) {
    const section = a.dataset.section;
    a.setAttribute('href', listUrl({ ...filters, section }));
    if (section === filters.section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

/** A value from a shared URL that the select does not list (yet) still shows. */
function ensureOption(select, value) {
  if (!value || [...select.options].some((o) => o.value === value)) return;
  select.append(el('option', { value, text: value, 'data-extra': '' }));
}

function fillStaticSelects() {
  if (dom.lang) {
    dom.lang.replaceChildren(el('option', { value: '', text: t('allLangs') }),
      ...CONTENT_LANGS.map((code) => el('option', { value: code, lang: code, text: langName(code) })));
  }
  if (dom.region) {
    dom.region.replaceChildren(el('option', { value: '', text: t('allRegions') }),
      ...REGIONS.map((slug) => el('option', { value: slug, text: regionName(slug) })));
  }
}

function fillOutletSelect() {
  if (!dom.outlet) return;
  const sorted = [...outlets].sort((a, b) => String(a.name || a.id).localeCompare(String(b.name || b.id), 'fr'));
  dom.outlet.replaceChildren(el('option', { value: '', text: t('allOutlets') }),
    ...sorted.map((o) => el('option', {
      value: o.id,
      dir: 'auto',
      text: `${o.name || o.id}${o.enabled === false ? ` ${t('disabledOutlet')}` : ''}`,
    })));
  ensureOption(dom.outlet, filters.outlet);
  dom.outlet.value = filters.outlet;
}

async function loadOutlets() {
  const res = await fetchJson('/api/outlets');
  if (res.ok && Array.isArray(res.data?.outlets)) {
    outlets = res.data.outlets.filter((o) => o && typeof o.id === 'string' && /^[a-z0-9][a-z0-9-]*$/i.test(o.id));
    fillOutletSelect();
    // an empty band that says "waiting" when no source can answer would wait forever: say so instead
    feed?.setUnreachable(allSourcesDown(res.data.outlets) ? { local: runsLocally() } : null);
  }
  // asked again only while there is nothing to read: once headlines flow, the band speaks for itself
  if (feed && (feed.size === 0 || feed.unreachable)) setTimeout(loadOutlets, SOURCES_EVERY);
}

// ---- routing: list <-> article ---------------------------------------------------------------

function routeId() {
  const m = location.pathname.match(/^\/items\/([^/]+)\/?$/) || location.hash.match(/^#\/items\/([^/?#]+)/);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

function routeStoryId() {
  const m = location.pathname.match(/^\/story\/([^/]+)\/?$/);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

function route() {
  const f = readFilters(location.search);
  if (!sameFilters(f, filters)) applyFilters(f, { updateUrl: false });
  const id = routeId();
  const storyId = id == null ? routeStoryId() : null;
  if (id != null) showArticle(id);
  else if (storyId != null) showStory(storyId);
  else showList();
}

/** Whether the list is hidden under an article or a story. */
function awayFromList() {
  return Boolean(article.shownId || storyView.shownId) || (dom.article && !dom.article.hidden) || (dom.story && !dom.story.hidden);
}

function hideList() {
  if (dom.listView && !dom.listView.hidden) listScroll = window.scrollY;
  if (dom.listView) dom.listView.hidden = true;
  feed?.clearBadge();
}

function showArticle(id) {
  if (article.shownId === id) return;
  hideList();
  storyView.close();
  article.open(id);
}

function showStory(id) {
  if (storyView.shownId === id) return;
  hideList();
  article.close();
  storyView.open(id);
}

function showList() {
  const wasAway = awayFromList();
  const fromStory = Boolean(storyView.shownId);
  article.close();
  storyView.close();
  if (dom.listView) dom.listView.hidden = false;
  document.title = baseTitle;
  if (wasAway) {
    window.scrollTo(0, listScroll);
    const back = fromStory && lastOpenedStory
      ? [...(dom.list?.querySelectorAll('.headline .sources-chip') ?? [])].find((a) => a.dataset.story === lastOpenedStory)
      : lastOpenedId && [...(dom.list?.querySelectorAll('.headline .title') ?? [])].find((a) => a.dataset.id === lastOpenedId);
    if (back) back.focus({ preventScroll: true });
  }
}

/** History entry for a page above the list (article or story), counted so "back to the list" can go there at once. */
function pushView(kind, path) {
  // depth: how many pages were opened since the list; base: whether the list lies under the chain
  // (a page opened from a shared link has none)
  const prev = history.state || {};
  const depth = Number.isInteger(prev.depth) ? prev.depth : 0;
  const base = depth > 0 ? prev.base : routeId() == null && routeStoryId() == null ? 'list' : 'article';
  history.pushState({ manchette: kind, depth: depth + 1, base }, '', `${path}${queryString()}`);
}

function openArticle(id) {
  lastOpenedId = id;
  pushView('article', articlePath(id));
  showArticle(id);
}

function openStory(id) {
  lastOpenedStory = id;
  pushView('story', storyPath(id));
  showStory(id);
}

function backToList() {
  const depth = history.state && history.state.depth;
  if (Number.isInteger(depth) && depth > 0 && history.state.base === 'list') {
    history.go(-depth); // popstate -> route()
  } else {
    history.pushState({ manchette: 'list' }, '', listUrl());
    showList();
  }
}

function setupNavigation() {
  window.addEventListener('popstate', route);
  window.addEventListener('hashchange', route);
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const target = e.target instanceof Element ? e.target : null;
    const a = target?.closest('a[data-id]');
    if (a && (a.getAttribute('href') || '').startsWith('/items/') && isId(a.dataset.id)) {
      e.preventDefault();
      openArticle(a.dataset.id);
      return;
    }
    const chip = target?.closest('a[data-story]');
    if (chip && (chip.getAttribute('href') || '').startsWith('/story/') && isId(chip.dataset.story)) {
      e.preventDefault();
      openStory(chip.dataset.story);
      return;
    }
    const nav = target?.closest('a[data-section]');
    if (nav && dom.nav?.contains(nav)) {
      e.preventDefault();
      const section = nav.dataset.section;
      if (awayFromList()) {
        history.pushState({ manchette: 'list' }, '', listUrl({ ...filters, section }));
        showList();
        applyFilters({ ...filters, section }, { updateUrl: false });
      } else {
        applyFilters({ ...filters, section });
      }
      window.scrollTo(0, 0);
    }
  });
}

function setupKeyboard() {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || !feed) return;
    if (e.key !== 'j' && e.key !== 'k') return;
    const target = e.target instanceof Element ? e.target : null;
    if (target?.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])')) return;
    if (dom.listView?.hidden) return;
    e.preventDefault();
    feed.moveFocus(e.key === 'j' ? 1 : -1);
  });
}

// ---- interface language ----------------------------------------------------------------------

function setupUiSwitch() {
  bindUiSwitch(dom.uiSwitch, () => {
    relabelStatic();
    fillStaticSelects();
    fillOutletSelect();
    syncControls();
    setStatus(statusState.state, statusState.first);
    feed?.relabel();
    article.relabel();
    storyView.relabel();
  });
}

function relabelStatic() {
  applyI18n();
  for (const a of dom.nav?.querySelectorAll('a[data-section]') ?? []) {
    if (SECTIONS.includes(a.dataset.section)) setText(a, sectionName(a.dataset.section));
  }
  if (dom.ticker) dom.ticker.setAttribute('dir', uiLang() === 'ar' ? 'rtl' : 'ltr');
  if (dom.dateline) setText(dom.dateline, formatDate(new Date(), { dateStyle: 'full' }));
}

function showNotice(text) {
  if (!dom.notice) return;
  setText(dom.notice, text);
  dom.notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { dom.notice.hidden = true; }, 6000);
}
