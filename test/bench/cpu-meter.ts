// workerd's CPU time from /proc (every thread, nanoseconds): the one honest CPU meter for a Worker here, as
// workerd's clocks stop while code runs, local tail events say cpuTime 0, and V8's sampler counts wall time.
import { readFileSync, readdirSync } from "node:fs";

/** Nanoseconds the process has spent on a CPU, all threads (the first field of each task's schedstat). */
export function processCpuNs(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // the thread ended while we looked
    }
  }
  return total;
}
