import { isAppError } from '../../src/core/errors.ts';

/**
 * How a call ended, as one comparable string: `resolved`, or the AppError code it was rejected with. Tests of
 * provider error mapping assert on the code the pipeline's retry policy reads, not on messages.
 */
export async function errorCodeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return isAppError(err) ? err.code : `not an AppError: ${String(err)}`;
  }
}
