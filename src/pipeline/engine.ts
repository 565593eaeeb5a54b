import type { AppConfig } from '../config/schema.ts';
import { createDefaultEngine } from '../engine/default-engine.ts';
import { warmUpAttachmentAnalysis } from '../engine/attachments/warm-up.ts';
import { DEFAULT_PACK_DIR } from '../engine/rules/index.ts';
import type { ScanEngine } from '../engine/scan-message.ts';

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** The scan engine the workers use: built-in detectors, shipped lists, and the configured MQL rule packs. */
export async function createPipelineEngine(config: Pick<AppConfig, 'RULE_PACKS' | 'LIST_FOLDERS'>): Promise<ScanEngine> {
  const rulePacks = list(config.RULE_PACKS)
    .filter((p) => p !== 'none')
    .map((p) => (p === 'default' ? DEFAULT_PACK_DIR : p));
  const { engine } = await createDefaultEngine({ rulePacks, listFolders: list(config.LIST_FOLDERS) });
  // pdf.js and the image decoders cost seconds of CPU to load: start that now, in the background, so the
  // first message with a PDF does not pay it inside its scan budget. Not awaited: startup stays fast, and a
  // scan that needs them meanwhile waits on the same import. A failure here is not lost: the scan that needs
  // the module hits the same error and records it on its verdict.
  warmUpAttachmentAnalysis().catch(() => {});
  return engine;
}
