import type { AppConfig } from '../config/schema.ts';
import { createDefaultEngine } from '../engine/default-engine.ts';
import { createClamdClient, type MalwareScanner } from '../engine/attachments/clamd.ts';
import { warmUpAttachmentAnalysis } from '../engine/attachments/warm-up.ts';
import { DEFAULT_PACK_DIR } from '../engine/rules/index.ts';
import type { ScanEngine } from '../engine/scan-message.ts';

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** The scan engine the workers use: built-in detectors, shipped lists, and the configured MQL rule packs. */
export async function createPipelineEngine(config: Pick<AppConfig, 'RULE_PACKS' | 'RULES_STRICT' | 'LIST_FOLDERS' | 'CLAMD_ADDRESS'>): Promise<ScanEngine> {
  const rulePacks = list(config.RULE_PACKS)
    .filter((p) => p !== 'none')
    .map((p) => (p === 'default' ? DEFAULT_PACK_DIR : p));
  const malwareScanner = config.CLAMD_ADDRESS ? clamdFromAddress(config.CLAMD_ADDRESS) : undefined;
  const { engine } = await createDefaultEngine({ rulePacks, strictRules: config.RULES_STRICT, listFolders: list(config.LIST_FOLDERS), malwareScanner });
  return engine;
}

/**
 * pdf.js and the image decoders cost seconds of CPU to load: workers start that when they start, in the
 * background, so the first message with a PDF does not pay it inside its scan budget. Only processes that scan
 * call this (an API process that loaded pdf.js spent those seconds competing with webhook acknowledgements).
 * Not awaited: startup stays fast, and a scan that needs them meanwhile waits on the same import. A failure here
 * is not lost: the scan that needs the module hits the same error and records it on its verdict.
 */
export function warmUpScanning(): void {
  warmUpAttachmentAnalysis().catch(() => {});
}

/** `CLAMD_ADDRESS` (validated by the config schema) → a clamd client: a unix socket path or tcp://host:port. */
export function clamdFromAddress(address: string): MalwareScanner {
  const tcp = /^tcp:\/\/([^:/]+):(\d+)$/.exec(address);
  return tcp ? createClamdClient({ host: tcp[1], port: Number(tcp[2]) }) : createClamdClient({ socketPath: address });
}
