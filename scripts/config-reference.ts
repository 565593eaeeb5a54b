/**
 * Writes docs/configuration.md from the zod config schema (`npm run config:reference`).
 * `--check` exits 1 when the file is stale or a key lacks a description, for CI.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configKeyDocs, renderConfigReference } from '../src/config/reference.ts';

const target = fileURLToPath(new URL('../docs/configuration.md', import.meta.url));
const undocumented = configKeyDocs().filter((d) => d.description.trim() === '').map((d) => d.key);
if (undocumented.length) {
  console.error(`config keys without a description (.describe() in src/config/schema.ts): ${undocumented.join(', ')}`);
  process.exit(1);
}
const text = renderConfigReference();
if (process.argv.includes('--check')) {
  let current = '';
  try { current = readFileSync(target, 'utf8'); } catch {}
  if (current !== text) {
    console.error('docs/configuration.md is stale: run npm run config:reference');
    process.exit(1);
  }
  console.log('docs/configuration.md is current');
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
