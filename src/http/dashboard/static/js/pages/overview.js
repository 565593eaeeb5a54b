import { api, t } from '../api.js';
import { hbars, stackedBars } from '../chart.js';
import { fmtDuration, h, pageHead, table } from '../dom.js';
import { onDetection } from '../live.js';
import { detectionColumns } from './detection-row.js';

const THREATS = ['malware', 'phishing', 'bec', 'spam', 'suspicious'];

/** Overview: messages scanned, threats by category per day (SVG), delivery → remediation time. */
export async function renderOverview(main, { tenantId, rerender }) {
  if (!tenantId) return;
  const days = 30;
  const [stats, recent] = await Promise.all([api(t(tenantId, '/stats'), { query: { days } }), api(t(tenantId, '/detections'), { query: { limit: 8 } })]);
  const total = Object.values(stats.totals).reduce((a, b) => a + b, 0);
  const threats = THREATS.reduce((a, v) => a + (stats.totals[v] ?? 0), 0);
  const perDay = fillDays(stats.perDay, days);
  const r = stats.remediation;
  main.append(
    pageHead('Overview'),
    h('section', { class: 'cards', 'aria-label': 'Totals' },
      card('Messages scanned', total, `last ${days} days`),
      card('Threats', threats, total ? `${((threats / total) * 100).toFixed(1)} % of mail` : 'none'),
      card('Phishing', stats.totals.phishing ?? 0, 'credential lures, look-alikes'),
      card('Remediated', r.count, `median ${fmtDuration(r.p50Seconds)} after delivery`)),
    h('div', { class: 'two-col' },
      h('section', { class: 'panel' }, stackedBars(perDay, THREATS, { title: `Threats by category, last ${days} days` })),
      h('section', { class: 'panel' },
        h('h2', {}, 'Delivery → remediation'),
        r.count ? hbars([
          { label: 'median', value: r.p50Seconds, text: fmtDuration(r.p50Seconds) },
          { label: 'p90', value: r.p90Seconds, text: fmtDuration(r.p90Seconds) },
          { label: 'max', value: r.maxSeconds, text: fmtDuration(r.maxSeconds) },
        ]) : h('p', { class: 'empty' }, 'Nothing remediated yet.'),
        h('p', { class: 'muted small' }, 'Time from the message reaching the mailbox to it being moved out of the user\'s reach.'))),
    h('section', { class: 'panel' }, h('h2', {}, 'Latest detections'),
      recent.items.length ? table(detectionColumns(tenantId), recent.items, { caption: 'Latest detections' }) : h('p', { class: 'empty' }, 'No detections yet.')),
  );
  // New detections refresh the figures, at most once every few seconds however fast they arrive.
  let timer = null;
  const off = onDetection((d) => {
    if (d.tenantId === tenantId && !timer) timer = setTimeout(rerender, 3000);
  });
  return () => {
    off();
    clearTimeout(timer);
  };
}

function card(label, value, note) {
  return h('div', { class: 'card' }, h('div', { class: 'card-label' }, label), h('div', { class: 'card-value' }, value.toLocaleString()), h('div', { class: 'card-note' }, note));
}

/** Every day of the window, zero-filled, so gaps show as gaps rather than vanishing. */
function fillDays(perDay, days) {
  const by = new Map(perDay.map((d) => [d.day, d.counts]));
  const out = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(Date.now() - i * 86_400_000).toISOString().slice(0, 10);
    out.push({ day, counts: by.get(day) ?? {} });
  }
  return out;
}
