// workerd's CPU time from /proc (all threads, ns): the honest CPU meter here, as workerd's own clocks stop while code runs.
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
