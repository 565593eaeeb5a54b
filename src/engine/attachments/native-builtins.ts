import { runInNewContext } from 'node:vm';

/**
 * pdf.js's legacy build (the one pdf-parse loads on Node 20) bundles core-js, and core-js replaces
 * `Array.prototype.push` process-wide with a JavaScript version whenever V8 is older than 12.2, to get two
 * edge cases right that no code here meets (lengths past 2^32, pushing onto a frozen length). From then on
 * every `push` in the process — the MIME parser's, the HTML renderer's, every detector's — runs that function:
 * about 5% of a scan's CPU. Its worker bundle does it again when the first document is opened. We put the
 * native method back after each; pdf.js's own pushes go to the native one too, which is what it expects on a
 * modern runtime. Only `push` is restored: the other core-js additions fill methods Node 20 lacks.
 */
// core-js also patches this realm's Function.prototype.toString so that its polyfills print as native code:
// ask a fresh realm's toString, which tells the truth.
const realToString = runInNewContext('Function.prototype.toString') as (this: unknown) => string;
const isNative = (fn: unknown) => typeof fn === 'function' && /\{\s*\[native code\]\s*\}\s*$/.test(realToString.call(fn));

// Captured when this module loads, before pdf.js can have been imported; a fresh realm's copy otherwise.
const NATIVE_PUSH: typeof Array.prototype.push = isNative(Array.prototype.push)
  ? Array.prototype.push
  : (runInNewContext('Array.prototype.push') as typeof Array.prototype.push);

/** Puts the native `Array.prototype.push` back if a polyfill replaced it. Cheap: one comparison when nothing changed. */
export function restoreNativeBuiltins(): void {
  if (Array.prototype.push === NATIVE_PUSH) return;
  Object.defineProperty(Array.prototype, 'push', { value: NATIVE_PUSH, writable: true, enumerable: false, configurable: true });
}

/** True when `Array.prototype.push` is the engine's own (tests). */
export function nativePushInPlace(): boolean {
  return isNative(Array.prototype.push);
}
