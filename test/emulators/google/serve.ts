/**
 * Runs the Google emulator as its own process for demos and manual runs:
 *   npx tsx test/emulators/google/serve.ts --port 8790 --domain demo.test --users 20 \
 *     --key-file ./data/google-sa.json --push http://127.0.0.1:8080/webhooks/google --audience <aud>
 * Prints the endpoints as JSON. The service account key (a throw-away test key) is written with mode 0600.
 * Deliver mail and inject faults through the control API (`POST /__emulator/deliver`, `/__emulator/faults`).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GoogleEmulator } from './google-emulator.ts';
import { MAILWARDEN_SCOPES, TOPIC } from './google-world.ts';

const { values: a } = parseArgs({
  options: {
    port: { type: 'string', default: '8790' },
    domain: { type: 'string', default: 'demo.test' },
    users: { type: 'string', default: '10' },
    'key-file': { type: 'string' },
    push: { type: 'string' },
    audience: { type: 'string' },
    'push-account': { type: 'string', default: 'gmail-push@mailwarden-demo.iam.gserviceaccount.com' },
  },
});

const emu = await GoogleEmulator.start({ port: Number(a.port) });
const sa = emu.createServiceAccount();
const admin = `admin@${a.domain}`;
emu.addUser(admin, { admin: true });
for (let i = 1; i <= Number(a.users); i++) emu.addUser(`user${String(i).padStart(3, '0')}@${a.domain}`);
emu.grantDelegation(a.domain, sa.client_id, MAILWARDEN_SCOPES);
emu.pubsub.createTopic(TOPIC);
if (a.push) {
  emu.pubsub.createPushSubscription({ name: 'projects/mailwarden-demo/subscriptions/mailwarden', topic: TOPIC, endpoint: a.push, audience: a.audience ?? a.push, serviceAccountEmail: a['push-account'] });
}
if (a['key-file']) writeFileSync(a['key-file'], JSON.stringify(sa, null, 2), { mode: 0o600 });
process.stdout.write(JSON.stringify({
  apiRoot: emu.url, tokenUrl: emu.tokenUrl, certsUrl: emu.certsUrl, topic: TOPIC, adminEmail: admin, domain: a.domain,
  serviceAccountEmail: sa.client_email, keyFile: a['key-file'] ?? null, pushServiceAccount: a['push-account'],
}, null, 2) + '\n');
const stop = () => void emu.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
