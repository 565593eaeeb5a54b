import type { AppConfig } from '../../config/schema.ts';
import type { Logger } from '../../observability/logger.ts';
import type { Store } from '../../store/store.ts';
import { usersRepo } from '../../store/users-repo.ts';
import { hashPassword } from '../auth/password.ts';
import { PLATFORM } from '../auth/principal.ts';

/**
 * Demo mode: with ADMIN_BOOTSTRAP_EMAIL/PASSWORD set, outside production, and no user yet, create that user as
 * platform owner. Production bootstraps with `mailwarden users add --role owner --password-stdin`.
 */
export async function bootstrapAdmin(store: Store, config: AppConfig, logger: Logger): Promise<boolean> {
  if (!config.ADMIN_BOOTSTRAP_EMAIL || !config.ADMIN_BOOTSTRAP_PASSWORD) return false;
  if (config.NODE_ENV === 'production') {
    logger.warn('ADMIN_BOOTSTRAP_* ignored in production; use `mailwarden users add`');
    return false;
  }
  const users = usersRepo(store.db);
  if ((await users.count()) > 0) return false;
  const u = await users.create(config.ADMIN_BOOTSTRAP_EMAIL, await hashPassword(config.ADMIN_BOOTSTRAP_PASSWORD));
  await users.grant(u.id, PLATFORM, 'owner');
  logger.info({ user: u.email }, 'bootstrap owner created (demo mode)');
  return true;
}
