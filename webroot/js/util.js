// Small DOM and data helpers shared by the pages. Remote data only ever reaches the DOM as text
// nodes or as attributes checked here (http(s) URLs, ids, language tags).

/**
 * Builds an element. attrs: class, text, dataset, on<event> (functions only), anything else
 * through setAttribute (null/false skipped, true = empty attribute). Children: nodes or strings (as text).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const c of [children].flat(Infinity)) {
    if (c == null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** The URL when it is absolute http(s), else null. */
export function safeUrl(u) {
  if (typeof u !== 'string' || u.length === 0 || u.length > 4096) return null;
  try {
    const x = new URL(u);
    return x.protocol === 'http:' || x.protocol === 'https:' ? x.href : null;
  } catch {
    return null;
  }
}

const ID_RE = /^[0-9A-Za-z_-]{1,64}$/;
export function isId(s) {
  return typeof s === 'string' && ID_RE.test(s);
}

const LANG_RE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
export function langTag(s) {
  return typeof s === 'string' && LANG_RE.test(s) ? s : null;
}

/** Orders ids (decimal strings of 64-bit numbers) numerically; -1 when a < b. */
export function cmpId(a, b) {
  a = String(a);
  b = String(b);
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = a.replace(/^0+(?=\d)/, '');
    const y = b.replace(/^0+(?=\d)/, '');
    if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxId(a, b) {
  if (a == null) return b;
  if (b == null) return a;
  return cmpId(a, b) >= 0 ? a : b;
}

/** The time a headline is dated by: publishedAt unless missing or later than its detection. */
export function itemDate(item) {
  const det = Date.parse(item?.detectedAt);
  const pub = Date.parse(item?.publishedAt);
  if (Number.isFinite(pub) && (!Number.isFinite(det) || pub <= det + 60_000)) return new Date(pub);
  if (Number.isFinite(det)) return new Date(det);
  return null;
}

/** A well-formed item from the wire, or null. */
export function validItem(x) {
  if (!x || typeof x !== 'object') return null;
  if (!isId(String(x.id ?? ''))) return null;
  if (typeof x.title !== 'string') return null;
  x.id = String(x.id);
  return x;
}

/** Sets the text of a node, editing its text node in place when it has exactly one (quiet for live regions). */
export function setText(node, text) {
  if (!node) return;
  const s = text == null ? '' : String(text);
  if (node.childNodes.length === 1 && node.firstChild.nodeType === Node.TEXT_NODE) {
    if (node.firstChild.data !== s) node.firstChild.data = s;
  } else {
    node.textContent = s;
  }
}

export function debounce(fn, ms) {
  let timer = 0;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

/**
 * fetch + JSON, never throwing: {ok, status, data, error}. error is the server's JSON "error" message
 * when there is one.
 */
export async function fetchJson(url, opts = {}) {
  try {
    const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' }, ...opts });
    let data = null;
    try {
      data = await res.json();
    } catch { /* not JSON */ }
    const error = data && typeof data.error === 'string' ? data.error : null;
    return { ok: res.ok, status: res.status, data, error, date: res.headers.get('date') };
  } catch (e) {
    if (e && e.name === 'AbortError') return { ok: false, status: 0, data: null, error: null, aborted: true };
    return { ok: false, status: 0, data: null, error: null };
  }
}

/** An <img> that stays out of the layout when it fails; attributes are set before src. */
export function lazyImage(src, { className = '', alt = '', onFail } = {}) {
  const url = safeUrl(src);
  if (!url) return null;
  const img = document.createElement('img');
  if (className) img.className = className;
  img.alt = alt;
  img.setAttribute('loading', 'lazy');
  img.setAttribute('decoding', 'async');
  img.setAttribute('referrerpolicy', 'no-referrer');
  img.addEventListener('error', () => {
    img.hidden = true;
    if (onFail) onFail(img);
  }, { once: true });
  img.src = url;
  return img;
}
