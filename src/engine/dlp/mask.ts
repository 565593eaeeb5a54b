/**
 * Masking for DLP evidence. The full sensitive value never leaves the detector: findings, incidents and logs
 * only ever see these forms.
 */

/** Digits-only identifiers: every digit but the last `keep` replaced, separators dropped (`************1111`). */
export function maskDigits(value: string, keep = 4): string {
  const digits = value.replace(/\D/g, '');
  const shown = Math.min(keep, Math.floor(digits.length / 4));
  return '*'.repeat(digits.length - shown) + digits.slice(digits.length - shown);
}

/** Alphanumeric identifiers (IBAN, NINO): country/prefix letters kept, then stars, last `keep` shown. */
export function maskAlnum(value: string, prefix = 2, keep = 2): string {
  const v = value.replace(/[\s-]/g, '');
  if (v.length <= prefix + keep + 2) return '*'.repeat(v.length);
  return v.slice(0, prefix) + '*'.repeat(v.length - prefix - keep) + v.slice(v.length - keep);
}

/**
 * Secrets: only the public, type-identifying prefix (`AKIA`, `ghp_`, `xoxb-`, `eyJ`) and the length. No
 * trailing characters — for a token even the last four narrow a brute force.
 */
export function maskSecret(value: string, publicPrefix: number): string {
  return `${value.slice(0, Math.min(publicPrefix, Math.floor(value.length / 4)))}…[${value.length} chars]`;
}
