// Manchette — newsroom dashboard: outlets health (every 10 s), server stats (every 5 s) and a live
// chart of headlines per minute, topped up between refreshes by the headlines seen on /api/stream.

import { el, fetchJson, setText, safeUrl, validItem } from './js/util.js';
import { t, initUiLang, bindUiSwitch, applyI18n, relTime, formatDate, locale } from './js/i18n.js';
import { LiveStream } from './js/stream.js';
import { drawChart } from './js/chart.js';
import { ScoopsTable } from './js/scoops.js';
import { errorKind, KIND_KEYS, allSourcesDown } from './js/sources.js';

const OUTLETS_EVERY = 10_000;
const STATS_EVERY = 5_000;
const WINDOW = 60; // minutes on the chart
const TOP = 5;
const SCOOPS_EVERY = 60_000;

const $ = (id) => document.getElementById(id);
const dom = {
  table: $('outlets-table'),
  outletsError: $('outlets-error'),
  outletsDown: $('outlets-down'),
  outletsNone: $('outlets-none'),
  failingOnly: $('failing-only'),
  failingCount: $('failing-count'),
  statsError: $('stats-error'),
  tileSubscribers: $('tile-subscribers'),
  tileLag: $('tile-lag'),
  tileBacklog: $('tile-backlog'),
  tileUptime: $('tile-uptime'),
  chart: $('chart-hpm'),
  chartNote: $('chart-note'),
  updated: $('dash-updated'),
  status: $('status'),
  statusText: document.querySelector('#status .status-text'),
  uiSwitch: $('ui-switch'),
};

const COLUMNS = [
  { key: 'name', label: 'colName', sort: (o) => String(o.name || o.id).toLocaleLowerCase() },
  { key: 'enabled', label: 'colEnabled', sort: (o) => (o.enabled === false ? 0 : 1) },
  { key: 'status', label: 'colStatus', sort: (o) => ['fail', 'pending', 'ok', 'off'].indexOf(classify(o)) },
  { key: 'error', label: 'colError', sort: (o) => String(errorKind(o.health) || '') + String(o.health?.lastError || '') },
  { key: 'lastPoll', label: 'colLastPoll', sort: (o) => timeOf(o.health?.lastPollAt) },
  { key: 'lastNew', label: 'colLastNew', sort: (o) => timeOf(o.health?.lastNewItemAt) },
  { key: 'failures', label: 'colFailures', sort: (o) => num(o.health?.consecutiveFailures), numeric: true },
  { key: 'nextPoll', label: 'colNextPoll', sort: (o) => timeOf(o.health?.nextPollAt) },
  { key: 'items24h', label: 'colItems24h', sort: (o) => num(o.health?.itemsLast24h), numeric: true },
];

let outlets = [];
let outletNames = new Map();
let sort = { key: 'name', dir: 1 };
let failingOnly = false;
/** outlets whose raw error the reader opened: the 10 s refresh must not fold it back under them */
const openErrors = new Set();
let stats = null;
let statsOk = false;
let lastUpdate = 0;
let clockOffset = 0; // server clock - client clock, from the Date header
/** headlines seen live since the last stats answer: {at, minute, outlet} */
let liveEvents = [];
let liveTotal = 0;
const seen = new Set();
let chartQueued = false;
let shownMinute = 0;
let statusState = { state: 'reconnecting', first: true };
let outletsTimer = 0;
let outletsBusy = false;
let statsTimer = 0;
let statsBusy = false;

const scoops = new ScoopsTable({
  table: $('scoops-table'),
  none: $('scoops-none'),
  error: $('scoops-error'),
  name: (id) => outletNames.get(id) || id,
});

const stream = new LiveStream({
  params: () => new URLSearchParams(),
  onEvent: onStreamEvent,
  onState: (state, detail) => setStatus(state, detail.first),
});

init();

function init() {
  initUiLang();
  relabel();
  bindUiSwitch(dom.uiSwitch, relabel);
  if (dom.failingOnly) {
    // kept in the address so a link to "what is broken" can be shared in the newsroom chat
    failingOnly = new URLSearchParams(location.search).get('failing') === '1';
    dom.failingOnly.checked = failingOnly;
    dom.failingOnly.addEventListener('change', () => {
      failingOnly = dom.failingOnly.checked;
      const url = new URL(location.href);
      if (failingOnly) url.searchParams.set('failing', '1');
      else url.searchParams.delete('failing');
      history.replaceState(history.state, '', url);
      renderRows();
    });
  }
  stream.start();
  pollOutlets();
  pollStats();
  scoops.load();
  setInterval(() => scoops.load(), SCOOPS_EVERY);
  setInterval(tick, 1000);
  if (dom.chart && 'ResizeObserver' in window) new ResizeObserver(() => queueChart()).observe(dom.chart);
  else window.addEventListener('resize', () => queueChart());
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      pollOutlets();
      pollStats();
    }
  });
}

function relabel() {
  applyI18n();
  renderHead();
  renderRows();
  renderTiles();
  scoops.render();
  setStatus(statusState.state, statusState.first);
  queueChart();
}

function setStatus(state, first = false) {
  statusState = { state, first };
  if (!dom.status) return;
  dom.status.dataset.state = state;
  const key = state === 'live' ? 'statusLive' : state === 'offline' ? 'statusOffline' : first ? 'statusConnecting' : 'statusReconnecting';
  setText(dom.statusText || dom.status, t(key));
}

// ---- polling ---------------------------------------------------------------------------------

async function pollOutlets() {
  clearTimeout(outletsTimer);
  if (outletsBusy) return;
  outletsBusy = true;
  const res = await fetchJson('/api/outlets');
  outletsBusy = false;
  if (res.ok && Array.isArray(res.data?.outlets)) {
    outlets = res.data.outlets.filter((o) => o && typeof o.id === 'string');
    outletNames = new Map(outlets.map((o) => [o.id, String(o.name || o.id)]));
    if (dom.outletsError) dom.outletsError.hidden = true;
    renderRows();
    scoops.render(); // the names may have come after the figures
    lastUpdate = Date.now();
  } else if (dom.outletsError) {
    setText(dom.outletsError, res.error || t('outletsUnavailable'));
    dom.outletsError.hidden = false;
  }
  outletsTimer = setTimeout(pollOutlets, OUTLETS_EVERY);
}

async function pollStats() {
  clearTimeout(statsTimer);
  if (statsBusy) return;
  statsBusy = true;
  const asked = Date.now();
  const res = await fetchJson('/api/stats');
  statsBusy = false;
  if (res.ok && res.data && typeof res.data === 'object') {
    stats = res.data;
    statsOk = true;
    const serverNow = Date.parse(res.date || '');
    if (Number.isFinite(serverNow)) clockOffset = serverNow - Date.now();
    // the server's figures now count what the stream showed before we asked
    liveEvents = liveEvents.filter((e) => e.at >= asked);
    if (dom.statsError) dom.statsError.hidden = true;
    lastUpdate = Date.now();
  } else {
    statsOk = false;
    if (dom.statsError) {
      setText(dom.statsError, res.error || t('statsUnavailable'));
      dom.statsError.hidden = false;
    }
  }
  renderTiles();
  queueChart();
  statsTimer = setTimeout(pollStats, STATS_EVERY);
}

function onStreamEvent(type, data) {
  if (type === 'reset') {
    stream.start({ fresh: true });
    return;
  }
  if (type === 'story') {
    scoops.load(); // a story broke: the table has news
    return;
  }
  if (type !== 'headline') return;
  const item = validItem(data);
  if (!item || seen.has(item.id)) return;
  if (seen.size > 20_000) seen.clear();
  seen.add(item.id);
  const detected = Date.parse(item.detectedAt);
  const at = Date.now();
  const ms = Number.isFinite(detected) ? detected : at + clockOffset;
  liveEvents.push({ at, minute: Math.floor(ms / 60000), outlet: String(item.outlet || '') });
  if (liveEvents.length > 2000) {
    // stats unreachable for long: keep only what the chart can show
    const oldest = Math.floor((at + clockOffset) / 60000) - WINDOW;
    liveEvents = liveEvents.filter((e) => e.minute > oldest);
  }
  liveTotal++;
  queueChart();
}

function tick() {
  // relative times ("il y a 12 s", "dans 40 s")
  const now = Date.now();
  for (const time of dom.table?.querySelectorAll('time[datetime]') ?? []) {
    setText(time, relTime(time.getAttribute('datetime'), now + clockOffset, { withSeconds: true }));
  }
  if (dom.updated) setText(dom.updated, lastUpdate ? t('updatedAt', relTime(lastUpdate, now, { withSeconds: true })) : '');
  // a minute went by: shift the chart
  const minute = Math.floor((now + clockOffset) / 60000);
  if (minute !== shownMinute) {
    shownMinute = minute;
    queueChart();
  }
}

// ---- outlets table ---------------------------------------------------------------------------

function renderHead() {
  const row = dom.table?.querySelector('thead tr');
  if (!row) return;
  row.replaceChildren(...COLUMNS.map((c) => {
    const th = el('th', { scope: 'col', 'data-key': c.key },
      el('button', { type: 'button', text: t(c.label), onclick: () => sortBy(c.key) }));
    if (sort.key === c.key) th.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
    return th;
  }));
}

function sortBy(key) {
  sort = sort.key === key ? { key, dir: -sort.dir } : { key, dir: COLUMNS.find((c) => c.key === key)?.numeric ? -1 : 1 };
  renderHead();
  renderRows();
  dom.table?.querySelector(`thead th[data-key="${key}"] button`)?.focus();
}

function renderRows() {
  const body = dom.table?.querySelector('tbody');
  if (!body) return;
  const col = COLUMNS.find((c) => c.key === sort.key) || COLUMNS[0];
  const rows = [...outlets].sort((a, b) => {
    const x = col.sort(a);
    const y = col.sort(b);
    const c = x < y ? -1 : x > y ? 1 : 0;
    return c * sort.dir || String(a.id).localeCompare(String(b.id));
  });
  const failing = outlets.filter((o) => classify(o) === 'fail');
  const shown = failingOnly ? rows.filter((o) => classify(o) === 'fail') : rows;
  body.replaceChildren(...shown.map(outletRow));
  const enabled = outlets.filter((o) => o.enabled !== false).length;
  if (dom.failingCount) setText(dom.failingCount, outlets.length ? t('failingCount', failing.length, enabled) : '');
  if (dom.outletsNone) {
    dom.outletsNone.hidden = !(failingOnly && outlets.length && !shown.length);
    if (!dom.outletsNone.hidden) setText(dom.outletsNone, t('noFailing'));
  }
  if (dom.outletsDown) {
    const down = allSourcesDown(outlets);
    dom.outletsDown.hidden = !down;
    if (down) setText(dom.outletsDown, t('allFailing'));
  }
}

/** A short message a person can act on; the exception text itself, for whoever debugs, behind a disclosure. */
function errorCell(id, h) {
  const td = el('td', { class: 'err' });
  const kind = errorKind(h);
  if (!kind) return td;
  td.dataset.kind = kind;
  td.append(el('span', { class: 'err-human', text: t(KIND_KEYS[kind], String(h.lastStatus ?? '')) }));
  if (h.lastError) {
    td.append(el('details', {
      class: 'err-raw',
      open: openErrors.has(id),
      ontoggle: (e) => (e.currentTarget.open ? openErrors.add(id) : openErrors.delete(id)),
    },
      el('summary', { text: t('errDetails') }),
      el('code', { dir: 'ltr', text: String(h.lastError) })));
  }
  return td;
}

function outletRow(o) {
  const h = o.health || {};
  const kind = classify(o);
  const homepage = safeUrl(o.homepage);
  const name = String(o.name || o.id);
  const now = Date.now() + clockOffset;
  const statusText = {
    ok: `${t('statusOk')} · ${h.lastStatus}`,
    // an HTTP status says it in three characters; other kinds are spelled out in the error column
    fail: /^\d{3}$/.test(String(h.lastStatus ?? '')) ? `${t('statusFailing')} · ${h.lastStatus}` : t('statusFailing'),
    off: t('statusDisabled'),
    pending: t('statusPending'),
  }[kind];
  return el('tr', { 'data-outlet': o.id, class: o.enabled === false ? 'is-disabled' : null },
    el('th', { scope: 'row' },
      homepage ? el('a', { href: homepage, target: '_blank', rel: 'noopener noreferrer', dir: 'auto', text: name }) : el('bdi', { text: name }),
      el('span', { class: 'outlet-id', text: o.id })),
    el('td', { class: 'enabled', text: o.enabled === false ? t('no') : t('yes') }),
    el('td', { class: 'col-status', 'data-status': kind },
      el('span', { class: `badge badge-${kind}`, title: o.disabledReason ? String(o.disabledReason) : null, text: statusText })),
    errorCell(o.id, h),
    timeCell(h.lastPollAt, now),
    timeCell(h.lastNewItemAt, now),
    el('td', { class: 'num failures', text: String(num(h.consecutiveFailures)) }),
    timeCell(o.enabled === false ? null : h.nextPollAt, now),
    el('td', { class: 'num items24h', text: String(num(h.itemsLast24h)) }));
}

function timeCell(iso, now) {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return el('td', { class: 'when', text: '—' });
  return el('td', { class: 'when' },
    el('time', { datetime: new Date(ms).toISOString(), title: formatDate(ms, { dateStyle: 'short', timeStyle: 'medium' }), text: relTime(ms, now, { withSeconds: true }) }));
}

/** ok = last poll 2xx/304 without error; fail = anything else; off = disabled; pending = never polled. */
function classify(o) {
  if (o.enabled === false) return 'off';
  const h = o.health || {};
  const s = h.lastStatus;
  if (s == null || s === '') return h.lastError ? 'fail' : 'pending';
  const ok = /^(2\d\d|304|ok)$/i.test(String(s).trim());
  return ok && !h.lastError && !(h.consecutiveFailures > 0) ? 'ok' : 'fail';
}

function timeOf(iso) {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : -Infinity;
}

function num(v) {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

// ---- tiles -----------------------------------------------------------------------------------

function fmtInt(n) {
  try {
    return new Intl.NumberFormat(locale()).format(n);
  } catch {
    return String(n);
  }
}

function fmtMs(v) {
  const n = Number(v);
  if (v == null || !Number.isFinite(n)) return '—';
  if (n < 1000) return `${Math.round(n)} ms`;
  const s = n / 1000;
  try {
    return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: s < 10 ? 1 : 0 }).format(s)} s`;
  } catch {
    return `${s.toFixed(1)} s`;
  }
}

function fmtDuration(sec) {
  const s = Math.max(0, Math.floor(Number(sec) || 0));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return t('durationDays', d, h);
  if (h) return t('durationHours', h, m);
  return t('durationMinutes', m);
}

function tile(node, value, detail, { alert = false, good = false } = {}) {
  if (!node) return;
  setText(node.querySelector('.tile-value'), value);
  const det = node.querySelector('.tile-detail');
  if (det && detail !== undefined) {
    if (typeof detail === 'string') setText(det, detail);
    else det.replaceChildren(...[detail].flat().filter(Boolean).map((d) => (typeof d === 'string' ? document.createTextNode(d) : d)));
  }
  node.classList.toggle('is-alert', alert);
  node.classList.toggle('is-good', good);
}

function renderTiles() {
  if (!stats || !statsOk) {
    for (const node of [dom.tileSubscribers, dom.tileLag, dom.tileBacklog, dom.tileUptime]) tile(node, '—', '');
    return;
  }
  const sub = stats.subscribers || {};
  const sse = num(sub.sse);
  const ws = num(sub.ws);
  tile(dom.tileSubscribers, fmtInt(sse + ws), el('bdi', { dir: 'ltr', text: t('subscribersDetail', fmtInt(sse), fmtInt(ws)) }));

  const lag = stats.detectionLagMs || {};
  tile(dom.tileLag, fmtMs(lag.p50), [t('lagP50'), ' · ', el('bdi', { dir: 'ltr', text: t('lagDetail', fmtMs(lag.p99)) })]);

  const backlog = num(stats.writeBacklog);
  const dbUp = stats.dbUp !== false;
  tile(dom.tileBacklog, fmtInt(backlog),
    el('span', { class: 'db-state', 'data-db': dbUp ? 'up' : 'down', text: t(dbUp ? 'dbUp' : 'dbDown') }),
    { alert: !dbUp, good: dbUp && backlog === 0 });

  const extra = [];
  if (stats.written != null) extra.push(t('written', fmtInt(num(stats.written))));
  if (stats.delivered != null) extra.push(t('delivered', fmtInt(num(stats.delivered))));
  tile(dom.tileUptime, stats.uptimeSeconds != null ? fmtDuration(stats.uptimeSeconds) : '—', extra.join(' · '));
}

// ---- chart -----------------------------------------------------------------------------------

function queueChart() {
  if (chartQueued) return;
  chartQueued = true;
  requestAnimationFrame(() => {
    chartQueued = false;
    renderChart();
  });
}

function renderChart() {
  if (!dom.chart) return;
  const buckets = new Map(); // minute -> {total, byOutlet}
  const bucket = (m) => {
    let b = buckets.get(m);
    if (!b) buckets.set(m, (b = { total: 0, byOutlet: new Map() }));
    return b;
  };
  for (const row of Array.isArray(stats?.headlinesPerMinute) ? stats.headlinesPerMinute : []) {
    const ms = Date.parse(row?.minute);
    if (!Number.isFinite(ms)) continue;
    const b = bucket(Math.floor(ms / 60000));
    b.total += num(row.total);
    if (row.byOutlet && typeof row.byOutlet === 'object') {
      for (const [id, n] of Object.entries(row.byOutlet)) b.byOutlet.set(id, (b.byOutlet.get(id) || 0) + num(n));
    }
  }
  for (const e of liveEvents) {
    const b = bucket(e.minute);
    b.total += 1;
    b.byOutlet.set(e.outlet, (b.byOutlet.get(e.outlet) || 0) + 1);
  }
  const latest = buckets.size ? Math.max(...buckets.keys()) : -Infinity;
  const end = Math.max(Math.floor((Date.now() + clockOffset) / 60000), Number.isFinite(latest) ? latest : 0);
  const minutes = [];
  for (let m = end - WINDOW + 1; m <= end; m++) minutes.push(m);
  const total = minutes.map((m) => buckets.get(m)?.total || 0);

  const sums = new Map();
  for (const m of minutes) {
    for (const [id, n] of buckets.get(m)?.byOutlet ?? []) sums.set(id, (sums.get(id) || 0) + n);
  }
  const top = [...sums.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([id]) => id);
  const series = top.map((id) => ({
    label: outletNames.get(id) || id,
    values: minutes.map((m) => buckets.get(m)?.byOutlet.get(id) || 0),
  }));

  drawChart(dom.chart, { minutes, total, series, totalLabel: t('chartTotal'), yLabel: t('yLabel'), locale: locale() });

  const sum = total.reduce((a, b) => a + b, 0);
  const peak = Math.max(0, ...total);
  const summary = t('chartSummary', fmtInt(sum), fmtInt(peak));
  dom.chart.setAttribute('aria-label', `${t('chartTitle')}. ${summary}`);
  if (dom.chartNote) setText(dom.chartNote, `${summary} ${t('chartLive', fmtInt(liveTotal))}.`);
}
