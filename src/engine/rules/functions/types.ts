import type { EvalEnv } from '../eval-env.ts';
import type { Value } from '../values.ts';

/**
 * One MQL function. Arguments arrive evaluated; lambdas (`any`, `filter`, …) are built into the compiler.
 * `call` must neither keep nor change the `args` array: a call site may pass the same array every time.
 */
export interface FnDef {
  minArgs: number;
  maxArgs?: number;
  call(args: Value[], env: EvalEnv, named: Record<string, Value>): Value;
  /** Argument positions from which every argument must be a valid regex (checked at compile time). */
  patternsFrom?: number;
  /** A literal argument checked at compile time: `check` names the missing feature (rule unsupported) or null. */
  literalCheck?: { index: number; check(v: string): string | null };
  /** Not pure (depends on something other than its arguments and the message): never memoised. */
  impure?: boolean;
  /**
   * Set on MailWarden's own stand-ins for remote or proprietary functions (the local NLU for `ml.nlu_classifier`):
   * what the stand-in is. Rules calling one are counted as approximated, and strict mode treats them as unsupported.
   */
  approximation?: string;
}

export type FnTable = Record<string, FnDef>;
