// A hand-drawn chart of headlines per minute: total as bars, a few series as lines, axes and legend.

export const PALETTE = ['#1f5fa8', '#e07b00', '#2a9d4a', '#8e44ad', '#3a3a3a'];
const ACCENT = '#c8102e';
const INK = '#1a1a1a';
const MUTED = '#5c5c5c';
const GRID = '#e6e1d6';
const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

/**
 * @param {HTMLCanvasElement} canvas
 * @param {object} d
 * @param {number[]} d.minutes minute numbers (epoch ms / 60000), oldest first
 * @param {number[]} d.total one value per minute
 * @param {{label: string, values: number[]}[]} d.series drawn as lines, PALETTE colors
 * @param {string} d.totalLabel
 * @param {string} d.yLabel
 * @param {string} d.locale for the time labels
 */
export function drawChart(canvas, d) {
  if (!canvas || typeof canvas.getContext !== 'function') return;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (!w || !h) return;
  const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.font = FONT;
  if ('direction' in ctx) ctx.direction = 'ltr';

  // legend, wrapped over as many rows as needed
  const legend = [{ label: d.totalLabel, color: ACCENT, kind: 'bar' }]
    .concat(d.series.map((s, i) => ({ label: s.label, color: PALETTE[i % PALETTE.length], kind: 'line' })));
  const rowH = 18;
  let lx = 8;
  let ly = 10;
  const placed = [];
  for (const item of legend) {
    const width = 22 + ctx.measureText(item.label).width + 16;
    if (lx + width > w - 8 && lx > 8) {
      lx = 8;
      ly += rowH;
    }
    placed.push({ ...item, x: lx, y: ly });
    lx += width;
  }
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (const p of placed) {
    if (p.kind === 'bar') {
      ctx.fillStyle = withAlpha(p.color, 0.55);
      ctx.fillRect(p.x, p.y - 5, 14, 10);
    } else {
      ctx.strokeStyle = p.color;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      ctx.lineTo(p.x + 14, p.y);
      ctx.stroke();
    }
    ctx.fillStyle = INK;
    ctx.fillText(p.label, p.x + 20, p.y);
  }

  const n = d.minutes.length;
  const all = d.total.concat(...d.series.map((s) => s.values));
  const max = Math.max(1, ...all.filter(Number.isFinite));
  const step = niceStep(max);
  const yMax = Math.ceil(max / step) * step;

  const labelW = ctx.measureText(String(yMax)).width;
  const left = Math.ceil(labelW) + 14;
  const right = w - 10;
  const top = ly + rowH + 6;
  const bottom = h - 26;
  if (bottom - top < 40 || right - left < 60 || n === 0) return;
  const plotW = right - left;
  const plotH = bottom - top;
  const yOf = (v) => bottom - (v / yMax) * plotH;
  const slot = plotW / n;
  const xOf = (i) => left + (i + 0.5) * slot;

  // horizontal grid and y labels
  ctx.textAlign = 'right';
  ctx.lineWidth = 1;
  for (let v = 0; v <= yMax; v += step) {
    const y = Math.round(yOf(v)) + 0.5;
    ctx.strokeStyle = v === 0 ? INK : GRID;
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(right, y);
    ctx.stroke();
    ctx.fillStyle = MUTED;
    ctx.fillText(String(v), left - 6, y);
  }
  if (d.yLabel) {
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillStyle = MUTED;
    ctx.fillText(d.yLabel, left, top - 2);
  }

  // y axis
  ctx.strokeStyle = INK;
  ctx.beginPath();
  ctx.moveTo(left + 0.5, top);
  ctx.lineTo(left + 0.5, bottom);
  ctx.stroke();

  // x ticks and time labels every 10 minutes
  let fmt;
  try {
    fmt = new Intl.DateTimeFormat(d.locale || 'fr-FR', { hour: '2-digit', minute: '2-digit' });
  } catch {
    fmt = { format: (x) => x.toISOString().slice(11, 16) };
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillStyle = MUTED;
  for (let i = 0; i < n; i++) {
    const date = new Date(d.minutes[i] * 60000);
    if (date.getMinutes() % 10 !== 0) continue;
    const x = Math.round(xOf(i)) + 0.5;
    ctx.strokeStyle = INK;
    ctx.beginPath();
    ctx.moveTo(x, bottom);
    ctx.lineTo(x, bottom + 4);
    ctx.stroke();
    ctx.fillText(fmt.format(date), Math.min(right - 16, Math.max(left + 16, x)), bottom + 6);
  }

  // total: bars
  const barW = Math.max(1, slot * 0.72);
  ctx.fillStyle = withAlpha(ACCENT, 0.55);
  for (let i = 0; i < n; i++) {
    const v = d.total[i] || 0;
    if (v <= 0) continue;
    const y = yOf(v);
    ctx.fillRect(xOf(i) - barW / 2, y, barW, bottom - y);
  }

  // outlets: lines
  d.series.forEach((s, si) => {
    ctx.strokeStyle = PALETTE[si % PALETTE.length];
    ctx.fillStyle = ctx.strokeStyle;
    ctx.lineWidth = 2;
    ctx.lineJoin = 'round';
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const x = xOf(i);
      const y = yOf(s.values[i] || 0);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
    if (slot >= 6) {
      for (let i = 0; i < n; i++) {
        if (!s.values[i]) continue;
        ctx.beginPath();
        ctx.arc(xOf(i), yOf(s.values[i]), 2.2, 0, Math.PI * 2);
        ctx.fill();
      }
    }
  });
}

/** 1, 2, 5, 10, 20, 50… so that about four grid lines fit; never below 1 (counts). */
export function niceStep(max, target = 4) {
  const raw = max / target;
  if (raw <= 1) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

function withAlpha(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}
