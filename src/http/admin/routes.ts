import { auditStatsRoutes } from './audit-stats.ts';
import { detectionRoutes } from './detections.ts';
import { dlpIncidentRoutes } from './dlp-incidents.ts';
import { eventRoutes } from './events.ts';
import { memberRoutes, tokenRoutes } from './members-tokens.ts';
import { policyRoutes, rulePackRoutes } from './policies.ts';
import { quarantineRoutes } from './quarantine.ts';
import type { AdminRoute } from './route.ts';
import { tenantRoutes } from './tenants.ts';

/** The one list of admin API routes: mounted, documented in OpenAPI, and enumerated by the isolation test. */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  ...tenantRoutes,
  ...detectionRoutes,
  ...dlpIncidentRoutes,
  ...quarantineRoutes,
  ...policyRoutes,
  ...rulePackRoutes,
  ...auditStatsRoutes,
  ...memberRoutes,
  ...tokenRoutes,
  ...eventRoutes,
];
