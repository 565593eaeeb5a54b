import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.ts';
import { configKeyDocs, renderConfigReference } from '../../../src/config/reference.ts';

const docPath = new URL('../../../docs/configuration.md', import.meta.url);

describe('configuration reference', () => {
  it('every config key has a description', () => {
    const undocumented = configKeyDocs().filter((d) => d.description.trim() === '').map((d) => d.key);
    expect(undocumented).toEqual([]);
  });

  it('docs/configuration.md is current (run npm run config:reference after changing the schema)', () => {
    expect(readFileSync(docPath, 'utf8')).toBe(renderConfigReference());
  });

  it('lists every key with its default', () => {
    const text = readFileSync(docPath, 'utf8');
    for (const key of Object.keys(configSchema.shape)) expect(text).toContain(`| \`${key}\` |`);
    expect(text).toContain('| `PORT` | `8080` |');
    expect(text).toContain('| `DATABASE_URL` | — |');
  });

  it('notices a key added without documentation', () => {
    const extended = configSchema.extend({ NEW_KEY: z.string().default('x') });
    const docs = configKeyDocs(extended);
    expect(docs.find((d) => d.key === 'NEW_KEY')).toMatchObject({ description: '', defaultValue: 'x' });
    expect(docs.filter((d) => d.description === '').map((d) => d.key)).toEqual(['NEW_KEY']);
  });
});
