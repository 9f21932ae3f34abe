// A resilient EventSource on /api/stream. The browser reconnects by itself after a network error
// (sending Last-Event-ID); when the source ends up CLOSED (HTTP error, 503 at the cap…) we reopen it
// after a backoff with ?lastEventId=<last seen id> so nothing is missed. Duplicates are the caller's
// to drop (by id).

import { maxId, isId } from './util.js';

// story: a story just broke (no cursor, never replayed)
const EVENTS = ['headline', 'update', 'retract', 'reset', 'story'];

export class LiveStream {
  /**
   * @param {object} o
   * @param {string} [o.base] stream URL (default /api/stream)
   * @param {() => URLSearchParams} o.params current filters (+ backfill) — read at every (re)open
   * @param {(type: string, data: any, id: string|null) => void} o.onEvent
   * @param {(state: 'live'|'reconnecting'|'offline', detail?: object) => void} [o.onState]
   * @param {(info: {resumed: boolean}) => void} [o.onOpen]
   */
  constructor({ base = '/api/stream', params, onEvent, onState = () => {}, onOpen = () => {} }) {
    this.base = base;
    this.params = params;
    this.onEvent = onEvent;
    this.onState = onState;
    this.onOpen = onOpen;
    this.es = null;
    this.lastId = null;
    this.attempt = 0;
    this.timer = 0;
    this.state = null;
    this.stopped = true;
    this.resuming = false;
    this.handlers = {};
    for (const type of EVENTS) this.handlers[type] = (e) => this.#dispatch(type, e);
    this.onOnline = () => {
      if (!this.stopped && (!this.es || this.es.readyState === 2)) this.#open();
    };
    this.onOffline = () => {
      if (!this.stopped) this.#setState('offline');
    };
    // a page kept in the back/forward cache must not hold one of the few connections per host
    window.addEventListener('pagehide', () => {
      if (this.stopped || !this.es) return;
      this.es.onopen = this.es.onerror = null;
      this.es.close();
      this.es = null;
      clearTimeout(this.timer);
    });
    window.addEventListener('pageshow', (e) => {
      if (e.persisted && !this.stopped && !this.es) this.#open();
    });
  }

  /** Opens the stream; fresh = forget the cursor (new filters, reset). */
  start({ fresh = true } = {}) {
    this.stop();
    if (fresh) this.lastId = null;
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    this.#open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    if (this.es) {
      for (const type of EVENTS) this.es.removeEventListener(type, this.handlers[type]);
      this.es.onopen = this.es.onerror = null;
      this.es.close();
      this.es = null;
    }
  }

  url() {
    const p = new URLSearchParams(this.params());
    if (this.lastId) p.set('lastEventId', this.lastId);
    const qs = p.toString();
    return qs ? `${this.base}?${qs}` : this.base;
  }

  #open() {
    clearTimeout(this.timer);
    if (this.es) {
      this.es.onopen = this.es.onerror = null;
      this.es.close();
    }
    if (typeof EventSource === 'undefined') {
      this.#setState('offline');
      return;
    }
    this.#setState(this.attempt === 0 && !this.lastId ? 'connecting' : 'reconnecting');
    let es;
    try {
      es = new EventSource(this.url());
    } catch {
      this.#scheduleReopen();
      return;
    }
    this.es = es;
    this.resuming = this.lastId != null;
    for (const type of EVENTS) es.addEventListener(type, this.handlers[type]);
    es.onopen = () => {
      this.attempt = 0;
      this.#setState('live');
      this.onOpen({ resumed: this.resuming });
      this.resuming = true; // the browser's own reconnections resume with Last-Event-ID
    };
    es.onerror = () => {
      if (this.stopped || es !== this.es) return;
      if (es.readyState === 2 /* CLOSED */) {
        this.#scheduleReopen();
      } else {
        this.#setState(navigator.onLine === false ? 'offline' : 'reconnecting');
      }
    };
  }

  #scheduleReopen() {
    if (this.es) {
      this.es.onopen = this.es.onerror = null;
      this.es.close();
      this.es = null;
    }
    const base = Math.min(30_000, 1000 * 2 ** this.attempt);
    const delay = Math.round(base / 2 + Math.random() * (base / 2));
    this.attempt = Math.min(this.attempt + 1, 10);
    this.#setState('offline', { retryIn: delay });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.stopped) this.#open();
    }, delay);
  }

  #dispatch(type, e) {
    if (this.stopped) return;
    if (e.lastEventId && isId(e.lastEventId)) this.lastId = maxId(this.lastId, e.lastEventId);
    let data = null;
    try {
      data = e.data ? JSON.parse(e.data) : null;
    } catch {
      return; // a malformed frame is dropped, never fatal
    }
    try {
      this.onEvent(type, data, e.lastEventId || null);
    } catch (err) {
      // a rendering bug must not kill the stream; keep it visible to developers
      setTimeout(() => { throw err; });
    }
  }

  #setState(state, detail = {}) {
    // 'connecting' is shown as reconnecting (the indicator knows three states)
    const s = state === 'connecting' ? 'reconnecting' : state;
    const first = state === 'connecting';
    if (this.state === s && !first) return;
    this.state = s;
    this.onState(s, { ...detail, first });
  }
}
