import type { Command } from 'commander';
import type { CliCommand } from './commands.ts';

/**
 * `mailwarden dead-letters [--replay <queue>:<jobId>] [--replay-all]`: list jobs that were given up on (with
 * the error code and reason), or put them back on their queue with the same job id. Uses the same
 * DATABASE_URL / REDIS_URL as the service.
 */
export const deadLettersCommand: CliCommand = {
  name: 'dead-letters',
  define(program: Command, setExit) {
    program
      .command('dead-letters')
      .description('list dead-lettered jobs, or replay them')
      .option('--replay <queue:jobId>', 'replay one dead letter')
      .option('--replay-all', 'replay every dead letter not replayed yet')
      .action((opts: { replay?: string; replayAll?: boolean }) =>
        setExit(async () => {
          const { loadConfig } = await import('../config/load.ts');
          const { createLogger } = await import('../observability/logger.ts');
          const { createMetrics } = await import('../observability/metrics.ts');
          const { openConfiguredStore } = await import('../store/open-configured-store.ts');
          const { createQueues } = await import('../pipeline/queues.ts');
          const { deadLetterSink, replayDeadLetter } = await import('../pipeline/dead-letters.ts');
          const config = loadConfig();
          const logger = createLogger({ level: 'warn' });
          const store = await openConfiguredStore(config, logger);
          const queues = createQueues(config, deadLetterSink(store, logger, createMetrics()));
          try {
            const pending = await store.deadLetters.list({ pendingOnly: true });
            const targets = opts.replayAll ? pending.map((d) => `${d.queue}:${d.jobId}`) : opts.replay ? [opts.replay] : [];
            if (targets.length === 0) {
              for (const d of pending) console.log(`${d.queue}:${d.jobId}\t${d.errorCode}\t${d.attempts} attempt(s)\t${d.failedAt.toISOString()}\t${d.error}`);
              console.log(`${pending.length} dead letter(s) pending`);
              return 0;
            }
            if (queues.kind === 'memory') {
              // In-process queues live inside the running service, not in this CLI process.
              console.error('replay needs REDIS_URL (shared queues). Embedded mode: restart the service; messages without a verdict are re-enqueued at start.');
              return 2;
            }
            let missing = 0;
            for (const t of targets) {
              const at = t.indexOf(':');
              const ok = await replayDeadLetter(store, queues, t.slice(0, at) as never, t.slice(at + 1));
              console.log(`${ok ? 'replayed' : 'not found'} ${t}`);
              if (!ok) missing += 1;
            }
            return missing ? 1 : 0;
          } finally {
            await queues.close(1000);
            await store.close();
          }
        }),
      );
  },
};
