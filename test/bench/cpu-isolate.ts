// CPU inside each Worker's isolate per call, the terms issue 12 set its relay targets in (V8's profiler via workerd's inspector).
import { isolateUsPerCall } from "./isolate-cpu.ts";
import { send, type Call } from "./http-load.ts";
import type { Stack } from "./stack.ts";
import {
  inspectWorkers,
  startFloorWorker,
  startMinimalProxy,
  type HeaderSets,
  type RunningWorker,
} from "./workers.ts";
import type { BenchContext } from "./context.ts";

/** Calls profiled per row and kind, in this many passes interleaved over the rows. */
const CALLS = 1500;
const PASSES = 2;
/** The profiler's sampling interval: finer costs the isolate more (its signal handler runs there). */
export const SAMPLE_US = 50;

export interface IsolateRow {
  label: string;
  get: number;
  token: number;
}

/**
 * The same five Workers as the process figures, started again with workerd's inspector open (a Worker
 * with a DevTools session attached is not the one whose process time is measured): each one's busy time
 * in its isolate per call, with nothing of workerd's HTTP server or event loop outside the isolate.
 */
export async function isolateFigures(
  ctx: BenchContext,
  stack: Stack,
  calls: { getAt: (w: RunningWorker) => Call; tokenAt: (w: RunningWorker) => Call },
  sets: HeaderSets,
): Promise<IsolateRow[]> {
  inspectWorkers.on = true;
  const started: RunningWorker[] = [];
  try {
    const host = stack.ada.host;
    const date = ctx.compatibilityDate;
    const add = async (label: string, w: Promise<RunningWorker>) => {
      const worker = await w;
      started.push(worker);
      return { label, worker };
    };
    const rows = [
      await add("relay (the built Worker)", stack.startAnotherRelay()),
      await add(
        "minimal Hono proxy (15 lines)",
        startMinimalProxy(
          ctx.minimalScript,
          { upstream: host, sessionSecret: stack.sessionSecret },
          { compatibilityDate: date },
        ),
      ),
      await add("floor (no framework, no checks)", startFloorWorker(host, date)),
      await add("floor + one log line + deadline", startFloorWorker(host, date, { obliged: true })),
      await add("the same + the relay's headers", startFloorWorker(host, date, { headers: sets })),
    ];
    inspectWorkers.on = false;
    const sums = rows.map(() => ({ get: 0, token: 0 }));
    for (let pass = 0; pass < PASSES; pass++) {
      for (const [i, { worker }] of rows.entries()) {
        for (const kind of ["get", "token"] as const) {
          const call = kind === "get" ? calls.getAt(worker) : calls.tokenAt(worker);
          for (let k = 0; k < 100; k++) await send(call);
          const n = CALLS / PASSES;
          sums[i]![kind] += await isolateUsPerCall(
            worker.inspector!,
            n,
            async () => {
              for (let k = 0; k < n; k++) await send(call);
            },
            SAMPLE_US,
          );
        }
      }
    }
    return rows.map((r, i) => ({
      label: r.label,
      get: sums[i]!.get / PASSES,
      token: sums[i]!.token / PASSES,
    }));
  } finally {
    inspectWorkers.on = false;
    for (const w of started) await w.close();
  }
}
