import { h, s } from './dom.js';

/** Colours per verdict, shared by the chart legend and the badges in app.css. */
export const VERDICT_COLORS = { malware: '#8e1b3b', phishing: '#c2410c', bec: '#7c3aed', spam: '#a16207', suspicious: '#0e7490', clean: '#94a3b8' };

/**
 * Stacked bars of messages per day and verdict, drawn as SVG (no chart library: the dashboard works offline).
 * `days` is [{ day: 'YYYY-MM-DD', counts: { verdict: n } }]; `verdicts` picks and orders the stacked series.
 */
export function stackedBars(days, verdicts, { width = 720, height = 240, title = 'Messages per day' } = {}) {
  const pad = { l: 40, r: 10, t: 10, b: 28 };
  const max = Math.max(1, ...days.map((d) => verdicts.reduce((sum, v) => sum + (d.counts[v] ?? 0), 0)));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const iw = width - pad.l - pad.r;
  const ih = height - pad.t - pad.b;
  const bw = days.length ? iw / days.length : iw;
  const y = (n) => pad.t + ih - (n / top) * ih;
  const grid = [];
  for (let v = 0; v <= top; v += step) {
    grid.push(s('line', { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), class: 'grid-line' }));
    grid.push(s('text', { x: pad.l - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, String(v)));
  }
  const bars = days.map((d, i) => {
    let acc = 0;
    const x = pad.l + i * bw + bw * 0.15;
    const parts = verdicts.map((v) => {
      const n = d.counts[v] ?? 0;
      if (!n) return null;
      const r = s('rect', { x, y: y(acc + n), width: Math.max(1, bw * 0.7), height: y(acc) - y(acc + n), fill: VERDICT_COLORS[v] ?? '#64748b' }, s('title', {}, `${d.day}: ${n} ${v}`));
      acc += n;
      return r;
    });
    const every = Math.ceil(days.length / 10);
    const label = i % every === 0 ? s('text', { x: x + bw * 0.35, y: height - 8, 'text-anchor': 'middle', class: 'axis' }, d.day.slice(5)) : null;
    return s('g', {}, parts, label);
  });
  const desc = days.map((d) => `${d.day}: ${verdicts.map((v) => `${d.counts[v] ?? 0} ${v}`).join(', ')}`).join('; ');
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${title}. ${desc || 'no data'}`, class: 'chart' }, grid, bars);
  const legend = h('ul', { class: 'legend' }, verdicts.map((v) => h('li', {}, h('span', { class: 'swatch', dataset: { verdict: v } }), v)));
  return h('figure', { class: 'chart-box' }, h('figcaption', {}, title), svg, legend);
}

/** Horizontal bars for a few labelled numbers (e.g. remediation percentiles). */
export function hbars(items, { width = 360, unit = '' } = {}) {
  const max = Math.max(1, ...items.map((i) => i.value ?? 0));
  const rowH = 26;
  const svg = s('svg', { viewBox: `0 0 ${width} ${items.length * rowH}`, role: 'img', 'aria-label': items.map((i) => `${i.label}: ${i.text}`).join(', '), class: 'chart hbars' },
    items.map((it, i) => s('g', {},
      s('text', { x: 0, y: i * rowH + 17, class: 'axis' }, it.label),
      s('rect', { x: 70, y: i * rowH + 5, height: 16, width: Math.max(2, ((it.value ?? 0) / max) * (width - 160)), class: 'hbar' }),
      s('text', { x: 76 + Math.max(2, ((it.value ?? 0) / max) * (width - 160)), y: i * rowH + 17, class: 'axis' }, `${it.text}${unit}`))));
  return svg;
}

function niceStep(max) {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (raw <= m * mag) return Math.max(1, m * mag);
  return Math.max(1, 10 * mag);
}
