import { z } from 'zod';
import { configSchema } from './schema.ts';

/** One documented configuration key, read from the zod schema. */
export interface ConfigKeyDoc {
  key: string;
  /** Default as it would be written in the environment; undefined = no default (optional or required). */
  defaultValue: string | undefined;
  /** The `.describe()` text; empty when the key lacks documentation. */
  description: string;
  /** Allowed values of an enum, when the key is one. */
  choices: string[] | undefined;
}

/** Every key of the config schema with its default and description, in schema order. */
export function configKeyDocs(schema: z.ZodObject = configSchema): ConfigKeyDoc[] {
  return Object.entries(schema.shape).map(([key, schema]) => {
    const s = schema as z.ZodType;
    const json = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as { default?: unknown; enum?: unknown[] };
    const description = s.description ?? '';
    const def = json.default;
    return {
      key,
      defaultValue: def === undefined ? undefined : String(def),
      description,
      choices: Array.isArray(json.enum) ? json.enum.map(String) : undefined,
    };
  });
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** docs/configuration.md, generated (scripts/config-reference.ts writes it; a test checks it is current). */
export function renderConfigReference(): string {
  const rows = configKeyDocs().map((d) => {
    const def = d.defaultValue === undefined ? '—' : d.defaultValue === '' ? '(empty)' : `\`${cell(d.defaultValue)}\``;
    const choices = d.choices ? ` One of: ${d.choices.map((c) => `\`${c}\``).join(', ')}.` : '';
    return `| \`${d.key}\` | ${def} | ${cell(d.description)}${choices} |`;
  });
  return [
    '# Configuration reference',
    '',
    '<!-- Generated from src/config/schema.ts by `npm run config:reference`; do not edit by hand. -->',
    '',
    'MailWarden reads its whole configuration from environment variables, once, at start (`src/config/load.ts`),',
    'and refuses to start with a list of what is wrong when a value is invalid. An empty value counts as unset.',
    'Values are never echoed back in error messages, since many are secrets.',
    '',
    '| Variable | Default | Meaning |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
