/**
 * CPU cost of the attachment analysis alone over a mail folder: messages are parsed first (not timed), then
 * analysed three times. Round 0 includes the one-time loading of pdf.js and the image decoders.
 *   npx tsx scripts/attachments-cost.ts <folder>
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMessage } from '../src/engine/parse/parse-message.ts';
import { analyzeAttachments } from '../src/engine/attachments/analyze-attachments.ts';
import { DEFAULT_LIMITS } from '../src/engine/limits.ts';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npx tsx scripts/attachments-cost.ts <folder>');
  process.exit(2);
}
const models = [];
for (const f of readdirSync(dir).sort()) {
  models.push(await parseMessage(new Uint8Array(readFileSync(join(dir, f))), { limits: DEFAULT_LIMITS, orgDomains: [], externalId: f }));
}
const withAttachments = models.filter((m) => m.attachments.length > 0).length;
const found = new Set(['qr', 'pdf', 'attachment']);
for (let round = 0; round < 3; round++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const m of models) {
    m.body.links = m.body.links.filter((l) => !found.has(l.parser));
    await analyzeAttachments(m, DEFAULT_LIMITS);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(`round ${round}: ${models.length} messages (${withAttachments} with attachments): wall ${(performance.now() - t0).toFixed(0)} ms, cpu ${cpuMs.toFixed(0)} ms = ${(cpuMs / models.length).toFixed(2)} ms cpu/message`);
}
