/** The outcome of one doctor check, in words an operator can act on. */
export interface CheckResult {
  name: string;
  status: 'ok' | 'warn' | 'fail' | 'skip';
  /** One plain sentence: what was found, and what to do when it is wrong. Never a secret value. */
  detail: string;
}

/** Runs `work` with a deadline, so an unreachable host costs seconds, not minutes. */
export async function within<T>(ms: number, what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctl = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ctl.abort();
      reject(new Error(`${what} did not answer within ${ms / 1000} s`));
    }, ms);
  });
  try {
    return await Promise.race([work(ctl.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The error's message, with the network cause fetch hides behind "fetch failed" (ECONNREFUSED, ENOTFOUND, …). */
export function message(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause ? `${err.message}: ${cause.code ?? cause.message}` : err.message;
}
