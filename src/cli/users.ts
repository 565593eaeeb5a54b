import type { Command } from 'commander';
import type { CliCommand } from './commands.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  // One line: the password; a trailing newline from `echo` or a file is not part of it.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/**
 * `mailwarden users add --email <e> --role <r> [--tenant <id>] --password-stdin`: creates a local user (or
 * changes the role of an existing one). Without --tenant the role applies to every tenant (`*`: platform
 * operators; the first owner is created this way). `mailwarden users list` prints users and memberships.
 */
export const usersCommand: CliCommand = {
  name: 'users',
  define(program: Command, setExit) {
    const users = program.command('users').description('manage dashboard and API users');
    const open = async () => {
      const { loadConfig } = await import('../config/load.ts');
      const { createLogger } = await import('../observability/logger.ts');
      const { openConfiguredStore } = await import('../store/open-configured-store.ts');
      return openConfiguredStore(loadConfig(), createLogger({ level: 'warn' }));
    };
    users
      .command('add')
      .description('create a user, or grant an existing one a role')
      .requiredOption('--email <email>', 'sign-in address')
      .requiredOption('--role <role>', 'owner | admin | analyst | viewer')
      .option('--tenant <id>', 'tenant the role applies to (default: every tenant)')
      .option('--password-stdin', 'read the password from standard input')
      .action((opts: { email: string; role: string; tenant?: string; passwordStdin?: boolean }) =>
        setExit(async () => {
          const { ROLES, usersRepo } = await import('../store/users-repo.ts');
          const { hashPassword, passwordProblem } = await import('../http/auth/password.ts');
          const { PLATFORM } = await import('../http/auth/principal.ts');
          if (!(ROLES as readonly string[]).includes(opts.role)) {
            console.error(`unknown role ${opts.role} (expected ${ROLES.join(', ')})`);
            return 2;
          }
          if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(opts.email)) {
            console.error('invalid --email');
            return 2;
          }
          const password = opts.passwordStdin ? await readStdin() : null;
          const problem = password !== null ? passwordProblem(password) : null;
          if (problem) {
            console.error(problem);
            return 2;
          }
          const store = await open();
          try {
            const repo = usersRepo(store.db);
            let user = await repo.byEmail(opts.email);
            if (!user) user = await repo.create(opts.email, password ? await hashPassword(password) : null);
            else if (password) await repo.setPassword(user.id, await hashPassword(password));
            await repo.grant(user.id, opts.tenant ?? PLATFORM, opts.role as (typeof ROLES)[number]);
            console.log(`${user.email}\t${opts.role}\t${opts.tenant ?? '* (every tenant)'}${password ? '' : '\t(no password: cannot sign in locally)'}`);
            return 0;
          } finally {
            await store.close();
          }
        }),
      );
    users
      .command('list')
      .description('list users and their roles')
      .action(() =>
        setExit(async () => {
          const { adminDb } = await import('../store/admin-tables.ts');
          const store = await open();
          try {
            const rows = await adminDb(store.db).selectFrom('users').leftJoin('memberships', 'memberships.user_id', 'users.id').select(['users.email', 'memberships.tenant_id', 'memberships.role']).orderBy('users.email').execute();
            for (const r of rows) console.log(`${r.email}\t${r.role ?? '-'}\t${r.tenant_id ?? '-'}`);
            return 0;
          } finally {
            await store.close();
          }
        }),
      );
  },
};
