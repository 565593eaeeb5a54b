/**
 * The main thread's own CPU time and its wait for a CPU, from Linux's `/proc/self/task/<pid>/schedstat`
 * (nanoseconds on a CPU, nanoseconds runnable but waiting in the run queue). On a shared machine the first says
 * what the work costs and the second how much the neighbours took from it; wall time mixes the two. Null where
 * the file is missing (not Linux, or a kernel without scheduler statistics).
 */
import { readFileSync } from 'node:fs';

export interface ThreadSchedstat {
  onCpuNs: number;
  waitingNs: number;
}

export function mainThreadSchedstat(): ThreadSchedstat | null {
  try {
    const [onCpu, waiting] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    if (!Number.isFinite(onCpu) || !Number.isFinite(waiting)) return null;
    return { onCpuNs: onCpu!, waitingNs: waiting! };
  } catch {
    return null;
  }
}
