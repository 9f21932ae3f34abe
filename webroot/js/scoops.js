// The dashboard's scoops table: per outlet, the stories it broke first and its median lag when
// another outlet was first, over 24 h and 7 days (GET /api/stories/scoops?window=24h|7d).

import { el, fetchJson, setText } from './util.js';
import { t } from './i18n.js';

const WINDOWS = ['24h', '7d'];
const COLUMNS = ['colFirst24', 'colLag24', 'colFirst7', 'colLag7'];

export class ScoopsTable {
  /**
   * @param {object} o
   * @param {HTMLTableElement} o.table #scoops-table (caption, thead, tbody)
   * @param {HTMLElement} o.none shown when no story has two outlets yet
   * @param {HTMLElement} o.error shown when the server cannot answer
   * @param {(id: string) => string} o.name an outlet's display name
   */
  constructor({ table, none, error, name }) {
    this.table = table;
    this.none = none;
    this.error = error;
    this.name = name;
    /** window -> outlet id -> {first, followed, medianLagMs} */
    this.data = null;
    this.busy = false;
  }

  async load() {
    if (!this.table || this.busy) return;
    this.busy = true;
    const answers = await Promise.all(WINDOWS.map((w) => fetchJson(`/api/stories/scoops?window=${w}`)));
    this.busy = false;
    if (answers.every((r) => r.ok && Array.isArray(r.data?.outlets))) {
      this.data = answers.map((r) => new Map(r.data.outlets
        .filter((o) => o && typeof o.outlet === 'string')
        .map((o) => [o.outlet, o])));
      if (this.error) this.error.hidden = true;
    } else if (this.error) {
      setText(this.error, t('scoopsFailed'));
      this.error.hidden = false;
    }
    this.render();
  }

  render() {
    if (!this.table) return;
    setText(this.table.querySelector('caption'), t('scoopsCaption'));
    this.table.querySelector('thead').replaceChildren(el('tr', {},
      el('th', { scope: 'col', text: t('colSource') }),
      COLUMNS.map((k) => el('th', { scope: 'col', text: t(k) }))));
    const data = this.data ?? [new Map(), new Map()];
    // the 7-day window holds the 24-hour one: its order (most scoops first) leads
    const ids = [...new Set([...data[1].keys(), ...data[0].keys()])];
    this.table.querySelector('tbody').replaceChildren(...ids.map((id) => el('tr', { 'data-outlet': id },
      el('th', { scope: 'row' }, el('bdi', { text: this.name(id) })),
      data.flatMap((byOutlet, i) => {
        const o = byOutlet.get(id);
        return [
          el('td', { class: `num first-${WINDOWS[i]}`, text: String(o?.first ?? 0) }),
          el('td', { class: `lag lag-${WINDOWS[i]}`, text: o && o.medianLagMs != null ? t('lag', o.medianLagMs) : '—' }),
        ];
      }))));
    if (this.none) {
      this.none.hidden = !(this.data && ids.length === 0);
      if (!this.none.hidden) setText(this.none, t('scoopsNone'));
    }
  }
}
