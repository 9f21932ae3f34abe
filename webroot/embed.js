/*
 * Manchette — embeddable live headlines.
 *
 *   <script src="https://our.host/embed.js" data-outlet="hespress-fr,le360-fr" data-lang="fr" data-limit="10"></script>
 *
 * Optional attributes: data-section, data-region, data-q, data-title, data-ui (fr|ar|en).
 * The widget lives in a Shadow DOM inserted right after this <script>; its styles do not leak either
 * way. Headlines come from the server this script was loaded from and link to the original article.
 * Remote text is only ever set with textContent; links are checked http(s) URLs.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script) {
    // loaded asynchronously: the last embed script that is not set up yet
    var all = document.querySelectorAll('script[src*="embed.js"]:not([data-manchette-ready])');
    script = all.length ? all[all.length - 1] : null;
  }
  if (!script || !script.src || script.hasAttribute('data-manchette-ready')) return;
  script.setAttribute('data-manchette-ready', '');

  var origin;
  try {
    origin = new URL(script.src, location.href).origin;
  } catch (e) {
    return;
  }

  var TEXT = {
    fr: { title: 'Manchette — en direct', empty: 'En attente des titres…', offline: 'Hors ligne', live: 'En direct', reconnecting: 'Reconnexion…', via: 'Titres en direct par Manchette', home: 'site du média', now: "à l'instant", min: function (n) { return 'il y a ' + n + ' min'; }, h: function (n) { return 'il y a ' + n + ' h'; }, d: function (n) { return 'il y a ' + n + ' j'; } },
    ar: { title: 'مانشيت — مباشر', empty: 'في انتظار العناوين…', offline: 'غير متصل', live: 'مباشر', reconnecting: 'جارٍ إعادة الاتصال…', via: 'عناوين مباشرة من مانشيت', home: 'موقع المصدر', now: 'الآن', min: function (n) { return 'منذ ' + n + ' د'; }, h: function (n) { return 'منذ ' + n + ' س'; }, d: function (n) { return 'منذ ' + n + ' ي'; } },
    en: { title: 'Manchette — live', empty: 'Waiting for headlines…', offline: 'Offline', live: 'Live', reconnecting: 'Reconnecting…', via: 'Live headlines by Manchette', home: 'outlet homepage', now: 'just now', min: function (n) { return n + ' min ago'; }, h: function (n) { return n + ' h ago'; }, d: function (n) { return n + ' d ago'; } },
  };

  function attr(name) {
    var v = script.getAttribute('data-' + name);
    return v == null ? '' : String(v).trim();
  }
  function list(name, re) {
    return attr(name).split(',').map(function (s) { return s.trim(); }).filter(function (s) { return re.test(s); }).join(',');
  }

  var SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
  var filters = {
    outlet: list('outlet', SLUG),
    lang: list('lang', /^[a-z]{2,3}$/),
    section: list('section', SLUG),
    region: list('region', SLUG),
    q: attr('q').slice(0, 200),
  };
  var limit = parseInt(attr('limit'), 10);
  if (!(limit > 0)) limit = 10;
  limit = Math.min(limit, 50);
  var ui = attr('ui') || (filters.lang && filters.lang.indexOf(',') < 0 ? filters.lang : 'fr');
  if (!TEXT[ui]) ui = 'fr';
  var T = TEXT[ui];

  function safeUrl(u) {
    if (typeof u !== 'string' || !u) return null;
    try {
      var x = new URL(u);
      return x.protocol === 'http:' || x.protocol === 'https:' ? x.href : null;
    } catch (e) {
      return null;
    }
  }
  function cmpId(a, b) {
    a = String(a); b = String(b);
    if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length) return a.length < b.length ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function h(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  }
  function when(item) {
    var det = Date.parse(item.detectedAt);
    var pub = Date.parse(item.publishedAt);
    if (isFinite(pub) && (!isFinite(det) || pub <= det + 60000)) return pub;
    return isFinite(det) ? det : null;
  }
  function rel(ms) {
    var s = Math.round((Date.now() - ms) / 1000);
    if (s < 60) return T.now;
    if (s < 3600) return T.min(Math.floor(s / 60));
    if (s < 86400) return T.h(Math.floor(s / 3600));
    return T.d(Math.floor(s / 86400));
  }

  // ---- DOM ---------------------------------------------------------------------------------
  var host = document.createElement('div');
  host.className = 'manchette-embed';
  script.parentNode.insertBefore(host, script.nextSibling);
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;

  var style = document.createElement('style');
  style.textContent = [
    ':host{all:initial;display:block;contain:content}',
    '.box{font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;background:#fff;border:1px solid #dcd7cc;border-top:4px solid #c8102e;border-radius:4px;max-width:100%;box-sizing:border-box}',
    '.head{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:8px 12px;border-bottom:1px solid #dcd7cc}',
    '.title{margin:0;font:700 16px/1.2 Georgia,"Times New Roman",serif}',
    '.state{display:inline-flex;align-items:center;gap:6px;font-size:12px;font-weight:600;color:#5c5c5c}',
    '.dot{width:8px;height:8px;border-radius:50%;background:#999}',
    '.state[data-state="live"]{color:#c8102e}.state[data-state="live"] .dot{background:#c8102e}',
    '.state[data-state="reconnecting"] .dot{background:#d08700}',
    'ol{list-style:none;margin:0;padding:0}',
    'li{padding:8px 12px;border-bottom:1px solid #eee9df}',
    'li:last-child{border-bottom:0}',
    'li.new{animation:in .4s ease-out}',
    '@keyframes in{from{opacity:0;transform:translateY(-6px)}to{opacity:1;transform:none}}',
    '@media (prefers-reduced-motion:reduce){li.new{animation:none}}',
    'a.t{display:block;color:inherit;text-decoration:none;font:700 15px/1.35 Georgia,"Times New Roman",serif}',
    'a.t:lang(ar){font-family:"Noto Naskh Arabic","Geeza Pro",Tahoma,serif;font-size:16px;line-height:1.6}',
    'a.t:hover{text-decoration:underline}',
    'a:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}',
    '.meta{display:block;margin-top:2px;font-size:12px;color:#5c5c5c}',
    '.outlet{font-weight:700;color:#c8102e}',
    '.empty{padding:12px;color:#5c5c5c;font-style:italic;margin:0}',
    '.foot{margin:0;padding:6px 12px;border-top:1px solid #dcd7cc;font-size:11px;text-align:end}',
    '.foot a{color:#5c5c5c}',
  ].join('\n');

  var box = h('section', 'box');
  box.setAttribute('lang', ui);
  box.setAttribute('dir', ui === 'ar' ? 'rtl' : 'ltr');
  var head = h('div', 'head');
  var title = h('p', 'title', attr('title') || T.title);
  var state = h('span', 'state');
  state.setAttribute('role', 'status');
  state.appendChild(h('span', 'dot'));
  var stateText = h('span', null, T.reconnecting);
  state.appendChild(stateText);
  head.appendChild(title);
  head.appendChild(state);
  var ol = h('ol');
  var empty = h('p', 'empty', T.empty);
  var foot = h('p', 'foot');
  var via = h('a', null, T.via);
  via.href = origin + '/';
  via.target = '_blank';
  via.rel = 'noopener';
  foot.appendChild(via);
  box.setAttribute('aria-label', attr('title') || T.title);
  box.appendChild(head);
  box.appendChild(ol);
  box.appendChild(empty);
  box.appendChild(foot);
  root.appendChild(style);
  root.appendChild(box);

  // ---- data --------------------------------------------------------------------------------
  var items = []; // newest first: {id, li, item}
  var lastId = null;
  var es = null;
  var attempt = 0;
  var timer = 0;
  var opened = false;

  function setState(s) {
    state.setAttribute('data-state', s);
    stateText.textContent = T[s] || s;
  }

  function fill(li, item) {
    li.textContent = '';
    li.setAttribute('dir', 'auto');
    if (typeof item.lang === 'string' && /^[a-z]{2,3}$/.test(item.lang)) li.setAttribute('lang', item.lang);
    var href = safeUrl(item.url);
    var a = h(href ? 'a' : 'span', 't', item.title);
    if (href) {
      a.href = href;
      a.target = '_blank';
      a.rel = 'noopener';
    }
    var meta = h('span', 'meta');
    meta.setAttribute('lang', ui);
    var outlet = h('bdi', 'outlet', item.outletName || item.outlet || '');
    meta.appendChild(outlet);
    if (href && item.urlKind === 'homepage') {
      // the link opens the outlet's homepage, not the article: say so beside the outlet's name
      meta.appendChild(document.createTextNode(' · '));
      meta.appendChild(h('span', 'home', T.home));
      a.title = T.home;
    }
    var ms = when(item);
    if (ms != null) {
      meta.appendChild(document.createTextNode(' · '));
      var time = h('time', null, rel(ms));
      time.setAttribute('datetime', new Date(ms).toISOString());
      meta.appendChild(time);
    }
    li.appendChild(a);
    li.appendChild(meta);
  }

  function find(id) {
    for (var i = 0; i < items.length; i++) if (items[i].id === id) return i;
    return -1;
  }

  function add(item, fresh) {
    var at = find(item.id);
    if (at >= 0) {
      items[at].item = item;
      fill(items[at].li, item);
      return;
    }
    var idx = 0;
    while (idx < items.length && cmpId(items[idx].id, item.id) > 0) idx++;
    if (idx >= limit) return;
    var li = h('li');
    fill(li, item);
    if (fresh && idx === 0) li.className = 'new';
    ol.insertBefore(li, idx < items.length ? items[idx].li : null);
    items.splice(idx, 0, { id: item.id, li: li, item: item });
    while (items.length > limit) items.pop().li.remove();
    empty.hidden = items.length > 0;
  }

  function remove(id) {
    var at = find(id);
    if (at < 0) return;
    items[at].li.remove();
    items.splice(at, 1);
    empty.hidden = items.length > 0;
  }

  function parse(e) {
    if (e.lastEventId && /^\d+$/.test(e.lastEventId) && (lastId == null || cmpId(e.lastEventId, lastId) > 0)) lastId = e.lastEventId;
    try {
      return JSON.parse(e.data);
    } catch (err) {
      return null;
    }
  }

  function valid(x) {
    return x && typeof x === 'object' && x.id != null && /^[0-9A-Za-z_-]{1,64}$/.test(String(x.id)) && typeof x.title === 'string';
  }

  function url() {
    var p = new URLSearchParams();
    p.set('backfill', String(limit));
    Object.keys(filters).forEach(function (k) { if (filters[k]) p.set(k, filters[k]); });
    if (lastId) p.set('lastEventId', lastId);
    return origin + '/api/stream?' + p.toString();
  }

  function close() {
    if (es) {
      es.onopen = es.onerror = null;
      es.close();
      es = null;
    }
  }

  function open() {
    clearTimeout(timer);
    close();
    if (typeof EventSource === 'undefined') {
      setState('offline');
      return;
    }
    setState('reconnecting');
    try {
      es = new EventSource(url());
    } catch (err) {
      retry();
      return;
    }
    var source = es;
    opened = false;
    source.onopen = function () {
      attempt = 0;
      setState('live');
      // items of the first burst (backfill) are not animated
      setTimeout(function () { opened = true; }, 1200);
    };
    source.onerror = function () {
      if (source !== es) return;
      if (source.readyState === 2) retry();
      else setState('reconnecting');
    };
    source.addEventListener('headline', function (e) {
      var x = parse(e);
      if (valid(x)) { x.id = String(x.id); add(x, opened); }
    });
    source.addEventListener('update', function (e) {
      var x = parse(e);
      if (valid(x)) {
        x.id = String(x.id);
        var at = find(x.id);
        if (at >= 0) { items[at].item = x; fill(items[at].li, x); }
      }
    });
    source.addEventListener('retract', function (e) {
      var x = parse(e);
      if (x && x.id != null) remove(String(x.id));
    });
    source.addEventListener('reset', function () {
      items.forEach(function (it) { it.li.remove(); });
      items = [];
      lastId = null;
      empty.hidden = false;
      open();
    });
  }

  function retry() {
    close();
    var base = Math.min(30000, 1000 * Math.pow(2, attempt));
    attempt = Math.min(attempt + 1, 10);
    setState('offline');
    timer = setTimeout(open, Math.round(base / 2 + Math.random() * base / 2));
  }

  setInterval(function () {
    items.forEach(function (it) {
      var time = it.li.querySelector('time');
      var ms = when(it.item);
      if (time && ms != null) time.textContent = rel(ms);
    });
  }, 30000);

  window.addEventListener('online', function () { if (!es) open(); });
  // a page kept in the back/forward cache must not hold one of the few connections per host
  window.addEventListener('pagehide', function () { clearTimeout(timer); close(); });
  window.addEventListener('pageshow', function (e) { if (e.persisted && !es) open(); });
  open();
})();
