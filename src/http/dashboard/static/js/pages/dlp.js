import { api, t } from '../api.js';
import { empty, h, pageHead, table } from '../dom.js';
import { detectionColumns } from './detection-row.js';

/** DLP incidents: messages (mostly outbound) carrying sensitive data, newest first. */
export async function renderDlp(main, { tenantId }) {
  if (!tenantId) return;
  const page = await api(t(tenantId, '/dlp-incidents'), { query: { limit: 100 } });
  main.append(pageHead('DLP incidents'), h('section', { class: 'panel' },
    h('p', { class: 'muted' }, 'Messages in which data-loss-prevention rules found sensitive data (card numbers, national identifiers, secrets).'),
    page.items.length ? table([
      { label: 'Direction', cell: (r) => r.direction },
      ...detectionColumns(tenantId),
      { label: 'Data found', cell: (r) => r.topFindings.filter((f) => f.category === 'dlp').map((f) => h('code', {}, f.rule)) },
    ], page.items, { caption: 'DLP incidents' }) : empty('No DLP incidents.')));
}
