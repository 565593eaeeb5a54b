// The one table of pages: hash route name → render(main, ctx, params) (may return a cleanup function).
import { renderAudit } from './audit.js';
import { renderDetections } from './detections.js';
import { renderDlp } from './dlp.js';
import { renderMessage } from './message.js';
import { renderOverview } from './overview.js';
import { renderPolicy } from './policy.js';
import { renderQuarantine } from './quarantine.js';
import { renderTenants } from './tenants.js';
import { renderUsers } from './users.js';

export const PAGES = {
  overview: renderOverview,
  detections: renderDetections,
  message: renderMessage,
  quarantine: renderQuarantine,
  dlp: renderDlp,
  tenants: renderTenants,
  policy: renderPolicy,
  audit: renderAudit,
  users: renderUsers,
};
