import type { MessageModel } from '../../../core/message.ts';
import type { Finding } from '../../../core/verdict.ts';
import type { Detector } from '../../detector.ts';
import { messageTexts } from '../../dlp/message-texts.ts';
import { scanText, type DlpMatch } from '../../dlp/scan-text.ts';
import { compileTenantRules, type TenantDlpRules } from '../../dlp/tenant-rules.ts';
import { DLP_RULES } from './rules.ts';

/** Every DLP match in an outbound message (none for inbound mail), masked. */
export function findSensitive(msg: MessageModel, rules: ReturnType<typeof compileTenantRules> | null): DlpMatch[] {
  if (!msg.type.outbound) return [];
  return messageTexts(msg).flatMap(({ source, text }) => scanText(text, source, rules));
}

/** Evidence an analyst can read: what, how many, where, masked samples. Never the value itself. */
export function dlpEvidence(m: DlpMatch): string {
  return `${m.count}× ${m.label} in ${m.source}: ${m.samples.join(', ')}`;
}

/**
 * The outbound DLP detector. `createDlpDetector(tenantRules)` adds a tenant's own patterns and word lists; the
 * registered instance runs the built-in kinds only.
 */
export function createDlpDetector(tenantRules: TenantDlpRules = {}): Detector {
  const compiled = compileTenantRules(tenantRules);
  return {
    id: 'dlp',
    rules: DLP_RULES,
    timeoutMs: 2000,
    detect(msg, ctx): Finding[] {
      // A per-tenant scan brings the tenant's rules in its context (from the policy); they replace the fixed ones.
      const rules = ctx?.dlp ? compiledFor(ctx.dlp) : compiled;
      return findSensitive(msg, rules).map((m) => ({ rule: m.rule, confidence: m.rule === 'DLP_WORD_LIST' || m.rule === 'DLP_CUSTOM_PATTERN' ? 0.8 : 1, evidence: dlpEvidence(m) }));
    },
  };
}

/** Compiled tenant rules by their JSON: compiled once per policy version, not once per message. Bounded. */
const COMPILED = new Map<string, ReturnType<typeof compileTenantRules>>();
const MAX_COMPILED = 256;

function compiledFor(rules: TenantDlpRules): ReturnType<typeof compileTenantRules> {
  const key = JSON.stringify(rules);
  let c = COMPILED.get(key);
  if (!c) {
    c = compileTenantRules(rules);
    if (COMPILED.size >= MAX_COMPILED) COMPILED.delete(COMPILED.keys().next().value!);
    COMPILED.set(key, c);
  }
  return c;
}

export const dlpDetector: Detector = createDlpDetector();
