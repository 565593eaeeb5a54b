import type { Command } from 'commander';
import type { CliCommand } from './commands.ts';

interface DemoCliOptions { port: string; rate: string; messages?: string; verbose?: boolean }

/**
 * `mailwarden demo` (`npm run demo`): emulated Microsoft 365 and Google Workspace tenants, onboarded through the
 * real flows, a steady stream of generated mail, verdicts and quarantine, the dashboard. Loopback only.
 */
export const demoCommand: CliCommand = {
  name: 'demo',
  define(program: Command, setExit) {
    program
      .command('demo')
      .description('run MailWarden against emulated Microsoft 365 and Google Workspace tenants (no real tenant is touched)')
      .option('--port <n>', 'dashboard port', '8080')
      .option('--rate <n>', 'messages per second', '2')
      .option('--messages <n>', 'stop the stream after this many messages')
      .option('--verbose', 'show the service log (errors only otherwise)')
      .action((opts: DemoCliOptions) => setExit(() => runDemoCli(opts)));
  },
};

async function runDemoCli(opts: DemoCliOptions): Promise<number> {
  const { isTrusted, testTls, TLS_DIR_ENV } = await import('../../test/emulators/tls/test-ca.ts');
  const tls = testTls();
  // The emulators speak HTTPS with a CA made on the spot; Node reads NODE_EXTRA_CA_CERTS only at start, so run
  // ourselves again with it set. The parent ignores Ctrl-C and waits: the child gets it and shuts down cleanly.
  if (!isTrusted(tls)) {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit', env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.caCertPath, [TLS_DIR_ENV]: tls.dir },
    });
    const ignore = () => {};
    process.on('SIGINT', ignore);
    process.on('SIGTERM', ignore);
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  }
  const { startDemo } = await import('../demo/run-demo.ts');
  const port = Number(opts.port);
  const rate = Number(opts.rate);
  if (!Number.isInteger(port) || port < 0 || !(rate > 0)) {
    console.error('--port must be a port number and --rate a positive number');
    return 2;
  }
  const demo = await startDemo({
    port, rate, m365Users: 24, googleUsers: 12, print: (line) => console.log(line), logLevel: opts.verbose ? 'info' : 'error',
    ...(opts.messages ? { maxMessages: Number(opts.messages) } : {}),
  });
  console.log('Mail is flowing. Press Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  console.log('\nstopping…');
  await demo.stop();
  console.log('stopped; the demo data was removed.');
  return 0;
}
