// The relay against a minimal Hono proxy, cors-anywhere and the simulator direct: latency, throughput, a big body.
import { BUDGET } from "./budgets.ts";
import type { BenchContext } from "./context.ts";
import { startCorsAnywhere } from "./cors-anywhere.ts";
import { largeBody, sequential, throughput, type Call } from "./http-load.ts";
import { budget, kB, median, ms, say, section, table } from "./report.ts";
import { startStack } from "./stack.ts";
import { startFloorWorker, startMinimalProxy, startRelay } from "./workers.ts";

const SEQUENTIAL = 500;
const ROUNDS = 5;
const CONCURRENCY = 32;
const CONCURRENT_CALLS = 2000;
const LARGE_CALLS = 15;

interface Row {
  label: string;
  runtime: string;
  /** The call for an API path such as "/contacts?me=true". */
  call: (path: string) => Call;
}

export async function benchProxies(ctx: BenchContext): Promise<void> {
  section(
    "Relay and peers on loopback: GET /api/v4/contacts?me=true with a real access token (simulator, 10,000 tasks)",
  );
  const stack = await startStack(ctx.dist, { taskCount: 10_000, assets: false });
  const { host, token } = stack.ada;
  const minimal = await startMinimalProxy(
    ctx.minimalScript,
    { upstream: host, sessionSecret: stack.sessionSecret },
    { compatibilityDate: ctx.compatibilityDate },
  );
  // The same relay with static assets, as the Chromium figures run it: Miniflare then puts its asset
  // router (a Worker of its own) in front, which production's edge has in its own way.
  const routed = await startRelay(ctx.dist, {
    oauthBase: stack.sim.loginOrigin,
    apiHosts: [stack.sim.hosts.us, stack.sim.hosts.eu],
    sessionSecret: stack.sessionSecret,
    clientSecret: "unused: no sign-in here",
  });
  // No framework and no checks, only the contract's log line and deadline (cpu.ts): what any relay pays.
  const obliged = await startFloorWorker(host, ctx.compatibilityDate, { obliged: true });
  const cors = await startCorsAnywhere();
  const auth = { Authorization: `bearer ${token}` };
  const workerd = "workerd via Miniflare's API, the Worker's own socket (no dev proxy)";
  const rows: Row[] = [
    {
      label: "relay (built, no asset router)",
      runtime: workerd,
      call: (p) => ({ url: `${stack.relay.origin}/api/v4${p}`, headers: { ...auth, "X-Wrike-Host": host } }),
    },
    {
      label: "relay behind the asset router",
      runtime: "workerd via Miniflare's API, its asset router Worker in front",
      call: (p) => ({ url: `${routed.origin}/api/v4${p}`, headers: { ...auth, "X-Wrike-Host": host } }),
    },
    {
      label: "minimal Hono proxy",
      runtime: workerd,
      call: (p) => ({ url: `${minimal.origin}/api/v4${p}`, headers: auth }),
    },
    {
      label: "floor + log line + deadline",
      runtime: workerd,
      call: (p) => ({ url: `${obliged.origin}/api/v4${p}`, headers: auth }),
    },
    {
      label: "cors-anywhere",
      runtime: `Node ${process.version}, in the bench's process`,
      call: (p) => ({ url: `${cors.origin}/http://${host}/api/v4${p}`, headers: auth }),
    },
    {
      label: "simulator direct",
      runtime: `Node ${process.version}, no proxy`,
      call: (p) => ({ url: `http://${host}/api/v4${p}`, headers: auth }),
    },
  ];
  try {
    const contacts = "/contacts?me=true";
    const bigPage = "/tasks?pageSize=1000";
    const lat = await sequential(
      rows.map((row) => row.call(contacts)),
      SEQUENTIAL,
    );
    const rps = rows.map(() => [] as number[]);
    const big = rows.map(() => [] as { ms: number; bytes: number }[]);
    // Interleaved rounds: load from elsewhere on the machine falls on every row alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, row] of rows.entries()) {
        rps[i]!.push(await throughput(row.call(contacts), CONCURRENT_CALLS / ROUNDS, CONCURRENCY));
        big[i]!.push(await largeBody(row.call(bigPage), LARGE_CALLS / ROUNDS));
      }
    }
    const summary = rows.map((_, i) => ({
      ...lat[i]!,
      rps: median(rps[i]!),
      bigMs: median(big[i]!.map((b) => b.ms)),
      bigBytes: big[i]![0]!.bytes,
    }));
    table(
      ["row", "p50", "p95", "p99", `req/s at ${CONCURRENCY}`, "1,000 tasks", "runtime"],
      rows.map((row, i) => {
        const s = summary[i]!;
        return [
          row.label,
          ms(s.p50),
          ms(s.p95),
          ms(s.p99),
          s.rps.toFixed(0),
          `${ms(s.bigMs, 1)} (${kB(s.bigBytes)})`,
          row.runtime,
        ];
      }),
    );
    say(
      `  How: ${SEQUENTIAL} sequential calls to each row in strict rotation (after 30 warm rounds); throughput and the 1,000-task`,
    );
    say(
      `  body (GET /tasks?pageSize=1000) as medians of ${ROUNDS} interleaved rounds of ${CONCURRENT_CALLS / ROUNDS} calls (${CONCURRENCY} in flight) and ${LARGE_CALLS / ROUNDS} calls;`,
    );
    say(
      "  one keep-alive Node client; everything shares this machine's cores with whatever else runs. The first row",
    );
    say(
      "  is the relay alone (the peers have no asset router); the Chromium figures below run it behind the router.",
    );
    const [relay, , mini, owed, anywhere] = summary;
    const ratio = relay!.p50 / mini!.p50;
    say(
      `  relay p50 = ${ratio.toFixed(2)}x the minimal proxy, ${(relay!.p50 / anywhere!.p50).toFixed(2)}x cors-anywhere; throughput ${(relay!.rps / mini!.rps).toFixed(2)}x the minimal proxy's`,
    );
    say(
      `  'floor + log line + deadline' is a Worker with no framework and no checks that does only what the relay's contract`,
    );
    say(
      `  asks of every call (one JSON log line, a deadline on the wait for Wrike): its p50 = ${(owed!.p50 / mini!.p50).toFixed(2)}x the minimal proxy.`,
    );
    budget(
      "relay p50 on bare workerd, GET contacts",
      `<= ${BUDGET.relayP50Ratio}x the minimal Hono proxy`,
      `${ratio.toFixed(2)}x (${ms(relay!.p50)} vs ${ms(mini!.p50)})`,
      ratio <= BUDGET.relayP50Ratio,
    );
  } finally {
    await cors.close();
    await obliged.close();
    await routed.close();
    await minimal.close();
    await stack.close();
  }
}
