// CPU per request in workerd (relay, minimal Hono proxy, floor Worker) for a proxied GET and POST /auth/token.
import { BUDGET } from "./budgets.ts";
import { processCpuNs } from "./cpu-meter.ts";
import { send, type Call } from "./http-load.ts";
import { budget, percentile, say, section, table, us } from "./report.ts";
import { signInOverHttp } from "./signin-http.ts";
import { ADA, startStack } from "./stack.ts";
import { startFloorWorker, startMinimalProxy, type HeaderSets, type RunningWorker } from "./workers.ts";
import type { BenchContext } from "./context.ts";

// Many short blocks rather than a few long ones: load from elsewhere on the machine comes and goes within
// seconds, and each row's block sits right beside the floor's in every round.
const ROUNDS = 80;
const PER_ROUND = 25;

/** The mean of the middle half (between the quartiles): steadier than a median, blind to bursts. */
function midMean(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const cut = Math.floor(sorted.length / 4);
  const middle = sorted.slice(cut, sorted.length - cut);
  return middle.reduce((a, b) => a + b, 0) / middle.length;
}

/** Per-round differences of two rows' blocks (a - b), which cancel load that hit both rows alike. */
const pairedAbove = (a: readonly number[], b: readonly number[]) => midMean(a.map((v, i) => v - b[i]!));

/** workerd's CPU (ns, all threads) per call over `n` sequential calls. */
async function cpuPerCall(worker: RunningWorker, call: Call, n: number): Promise<number> {
  const before = processCpuNs(worker.pid);
  for (let i = 0; i < n; i++) await send(call);
  return (processCpuNs(worker.pid) - before) / n / 1000;
}

/** The two calls the figures are about, as the app makes them, for any Worker that answers them. */
async function callsFor(relayOrigin: string, cookie: string, host: string) {
  const tokenAt = (w: RunningWorker): Call => ({
    url: `${w.origin}/auth/token`,
    method: "POST",
    headers: { Cookie: cookie, Origin: w.origin, "X-Requested-With": "wrike-pane" },
  });
  const token = tokenAt({ origin: relayOrigin } as RunningWorker);
  const answer = await fetch(token.url, { method: "POST", headers: token.headers });
  const { access_token: accessToken } = (await answer.json()) as { access_token: string };
  const getAt = (w: RunningWorker): Call => ({
    url: `${w.origin}/api/v4/contacts?me=true`,
    headers: { Authorization: `bearer ${accessToken}`, "X-Wrike-Host": host },
  });
  return { getAt, tokenAt };
}

/** The headers the relay answered `call` with, as the floor Worker that copies them is to send them. */
async function headersOf(call: Call): Promise<Record<string, string>> {
  const res = await fetch(call.url, { method: call.method ?? "GET", headers: call.headers });
  await res.arrayBuffer();
  // workerd frames the body itself (Content-Length or chunked), as it does for the relay.
  const framing = new Set(["content-length", "transfer-encoding"]);
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!framing.has(name)) out[name] = value;
  });
  return out;
}

export async function benchCpu(ctx: BenchContext): Promise<void> {
  section(
    "CPU per request in workerd (sequential calls over loopback; Miniflare's API, the Worker's own socket)",
  );
  const stack = await startStack(ctx.dist, { taskCount: 300, assets: false });
  const minimal = await startMinimalProxy(
    ctx.minimalScript,
    { upstream: stack.ada.host, sessionSecret: stack.sessionSecret },
    { compatibilityDate: ctx.compatibilityDate },
  );
  const floor = await startFloorWorker(stack.ada.host, ctx.compatibilityDate);
  const obliged = await startFloorWorker(stack.ada.host, ctx.compatibilityDate, { obliged: true });
  let dressed: RunningWorker | undefined;
  try {
    const cookie = await signInOverHttp(stack.origin, ADA);
    const { getAt, tokenAt } = await callsFor(stack.relay.origin, cookie, stack.ada.host);
    const sets: HeaderSets = {
      get: await headersOf(getAt(stack.relay)),
      token: await headersOf(tokenAt(stack.relay)),
    };
    dressed = await startFloorWorker(stack.ada.host, ctx.compatibilityDate, { headers: sets });
    const workers = [
      { label: "relay (the built Worker)", worker: stack.relay },
      { label: "minimal Hono proxy (15 lines)", worker: minimal },
      { label: "floor (no framework, no checks)", worker: floor },
      { label: "floor + one log line + deadline", worker: obliged },
      { label: "the same + the relay's headers", worker: dressed },
    ];
    // Interleaved rounds, so that a burst of load from elsewhere on the machine hits every row alike.
    const samples = workers.map(() => ({ get: [] as number[], token: [] as number[] }));
    for (const w of workers) {
      for (let k = 0; k < 50; k++) await send(getAt(w.worker));
      for (let k = 0; k < 50; k++) await send(tokenAt(w.worker));
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of ["get", "token"] as const) {
        for (const [i, w] of workers.entries()) {
          const call = kind === "get" ? getAt(w.worker) : tokenAt(w.worker);
          samples[i]![kind].push(await cpuPerCall(w.worker, call, PER_ROUND));
        }
      }
    }
    const spread = (v: number[]) => {
      const sorted = [...v].sort((a, b) => a - b);
      return `${us(midMean(v))} (${us(percentile(sorted, 25))}-${us(percentile(sorted, 75))})`;
    };
    const [relay, mini, base, owed, dress] = samples;
    const above = (a: typeof base, b: typeof base) => ({
      get: pairedAbove(a!.get, b!.get),
      token: pairedAbove(a!.token, b!.token),
    });
    const relayAbove = above(relay, base);
    const miniAbove = above(mini, base);
    const owedAbove = above(owed, base);
    const dressAbove = above(dress, base);
    const relayOwn = above(relay, dress);
    table(
      ["Worker", "GET /contacts?me=true", "POST /auth/token (sealed cookie)"],
      [
        ...workers.map((w, i) => [w.label, spread(samples[i]!.get), spread(samples[i]!.token)]),
        ["relay above the floor", us(relayAbove.get), us(relayAbove.token)],
        ["minimal proxy above the floor", us(miniAbove.get), us(miniAbove.token)],
        ["log line + deadline above the floor", us(owedAbove.get), us(owedAbove.token)],
        ["... + the relay's headers above the floor", us(dressAbove.get), us(dressAbove.token)],
        ["relay above that (its own code)", us(relayOwn.get), us(relayOwn.token)],
      ],
    );
    say(
      `  How: workerd's run time from /proc (every thread, user and kernel) over ${ROUNDS} interleaved rounds of ${PER_ROUND} calls to each row:`,
    );
    say(
      "  the mean of the middle half of the rounds (quartiles in brackets); 'above' rows are the same of the per-round differences.",
    );
    say(
      "  It includes workerd's HTTP server and, for the GET, its fetch to the simulator; the floor Worker pays those too,",
    );
    say(
      "  so 'above the floor' is what the Worker's own code adds. workerd cannot time an isolate alone here: its clock stops",
    );
    say("  while code runs and local tail events report cpuTime 0, so no in-isolate figure is printed.");
    say(
      "  'floor + one log line + deadline' does only what the relay's contract asks of every call whatever its code (one",
    );
    say(
      "  console.log line; for the GET, an abort timer on the fetch): what that costs workerd is part of the relay's figure.",
    );
    say(
      `  'the same + the relay's headers' also answers with the ${Object.keys(sets.get).length} (GET) and ${Object.keys(sets.token).length} (token) headers the relay answered with at the`,
    );
    say(
      "  start of this run (its security policy, CORS's Vary, X-Request-Id): 'relay above that' is what its routing, checks,",
    );
    say("  cookie and crypto add on top.");
    budget(
      "relay CPU per proxied GET",
      `<= ${BUDGET.relayGetCpuUs} µs (issue 12; judged on the relay above the floor)`,
      us(relayAbove.get),
      relayAbove.get <= BUDGET.relayGetCpuUs,
    );
    budget(
      "relay CPU per POST /auth/token",
      `<= ${BUDGET.relayTokenCpuUs} µs (judged on the relay above the floor)`,
      us(relayAbove.token),
      relayAbove.token <= BUDGET.relayTokenCpuUs,
    );
  } finally {
    await dressed?.close();
    await obliged.close();
    await floor.close();
    await minimal.close();
    await stack.close();
  }
}
