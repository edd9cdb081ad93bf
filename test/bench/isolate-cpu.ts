// CPU inside one Worker's isolate per call, from V8's sampling profiler over workerd's inspector.

/** Profiler samples are taken only while the isolate is in use; "(idle)" ones are not work. */
const NOT_WORK = new Set(["(idle)"]);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

/** A DevTools protocol session on one socket. */
async function devtools(url: string) {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error(`bench: no inspector at ${url}`)), { once: true });
  });
  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  ws.addEventListener("message", (e) => {
    const m = JSON.parse(String(e.data)) as { id?: number; result?: unknown; error?: { message: string } };
    const w = m.id === undefined ? undefined : waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id!);
    if (m.error) w.reject(new Error(`bench: inspector: ${m.error.message}`));
    else w.resolve(m.result);
  });
  return {
    send<T>(method: string, params: object = {}): Promise<T> {
      const id = ++next;
      ws.send(JSON.stringify({ id, method, params }));
      return new Promise<T>((resolve, reject) =>
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject }),
      );
    },
    close: () => ws.close(),
  };
}

/**
 * Runs `calls` (which makes `n` requests) under V8's sampling profiler in the isolate behind `inspector`
 * and returns the isolate's busy time per request in µs: samples that were not idle, times the interval.
 */
export async function isolateUsPerCall(
  inspector: string,
  n: number,
  calls: () => Promise<void>,
  intervalUs = 50,
): Promise<number> {
  const dt = await devtools(inspector);
  try {
    await dt.send("Profiler.enable");
    await dt.send("Profiler.setSamplingInterval", { interval: intervalUs });
    await dt.send("Profiler.start");
    await calls();
    const { profile } = await dt.send<{ profile: Profile }>("Profiler.stop");
    const idle = new Set(
      profile.nodes.filter((x) => NOT_WORK.has(x.callFrame.functionName)).map((x) => x.id),
    );
    const busy = profile.samples.filter((id) => !idle.has(id)).length;
    await dt.send("Profiler.disable");
    return (busy * intervalUs) / n;
  } finally {
    dt.close();
  }
}
