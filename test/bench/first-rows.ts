// "Allow" -> first rows in My work and reload -> first rows, in Chromium at 300 and 10,000 tasks, with round trips.
import type { Browser } from "playwright-core";
import { BUDGET } from "./budgets.ts";
import type { BenchContext } from "./context.ts";
import { budget, kB, median, ms, say, section, table } from "./report.ts";
import { startStack } from "./stack.ts";
import type { Trip } from "./first-rows-trip.ts";
import { signInAndReloadPlaywright } from "./first-rows-playwright.ts";

const RUNS = 5;
const TASK_COUNTS = [300, 10_000] as const;

const path = (url: string) => new URL(url).pathname;
/** A chain as its request paths, `×n` for a run of the same path. */
function chainText(chain: string[]): string {
  const out: string[] = [];
  for (const p of chain.map(path)) {
    const last = out.at(-1);
    const m = last ? /^(.*?)(?: ×(\d+))?$/.exec(last) : null;
    if (m && m[1] === p) out[out.length - 1] = `${p} ×${Number(m[2] ?? 1) + 1}`;
    else out.push(p);
  }
  return out.join(" -> ");
}

export async function benchFirstRows(ctx: BenchContext, browser: Browser): Promise<void> {
  section(
    `First rows in Chromium (headless, 1280x900): the built app and relay in workerd with its asset router; median of ${RUNS} sign-ins`,
  );
  const client = `${ctx.dist}/client`;
  const results: { tasks: number; allow: Trip[]; reload: Trip[] }[] = [];
  for (const tasks of TASK_COUNTS) {
    const stack = await startStack(ctx.dist, { taskCount: tasks });
    try {
      const allow: Trip[] = [];
      const reload: Trip[] = [];
      for (let run = 0; run < RUNS; run++) {
        const [a, r] = await signInAndReloadPlaywright(browser, stack.origin, client);
        allow.push(a);
        reload.push(r);
      }
      results.push({ tasks, allow, reload });
    } finally {
      await stack.close();
    }
  }
  const mid = (trips: Trip[]) => [...trips].sort((a, b) => a.ms - b.ms)[Math.floor(trips.length / 2)]!;
  const rows = results.flatMap(({ tasks, allow, reload }) =>
    (
      [
        ["Allow -> first rows", allow],
        ["reload -> first rows", reload],
      ] as const
    ).map(([what, trips]) => [
      `${what}, ${tasks.toLocaleString("en")} tasks`,
      ms(median(trips.map((t) => t.ms)), 0),
      `${Math.min(...trips.map((t) => t.ms)).toFixed(0)}-${Math.max(...trips.map((t) => t.ms)).toFixed(0)} ms`,
      String(median(trips.map((t) => t.allChain.length))),
      String(median(trips.map((t) => t.relayChain.length))),
      kB(median(trips.map((t) => t.jsBytes))),
    ]),
  );
  table(["figure", "median", "range", "round trips", "of them /auth+/api", "JS run before rows"], rows);
  for (const { tasks, allow, reload } of results) {
    for (const [what, trips] of [
      ["Allow", allow],
      ["reload", reload],
    ] as const)
      say(`  ${tasks.toLocaleString("en")} tasks, ${what}: ${chainText(mid(trips).allChain)}`);
  }
  for (const line of [
    "Allow is timed from the click in the consent page to the start of the frame that paints the first row;",
    "reload from the reloaded document's navigation start, once the first visit has kept its copy and settled",
    "(no request in flight for half a second). Round trips: the longest chain of requests that ends",
    "at the answer the first row came in (the first task query to finish before the row was inserted that held",
    "its id; for a row painted from the browser's kept copy, the last request before it), each started after",
    "the one before it finished, over Wrike's pages, documents, scripts and API calls that went over the network",
    "(the browser's cache answers without a trip; images and styles start nothing; a chunk fetched ahead can",
    "still join the chain, so it errs long). The paths are that chain in the median run. 'JS run before rows':",
    "gzip of the chunks the page took (from the network or its cache) by then.",
  ])
    say(`  ${line}`);
  const [small, large] = results;
  const med = (trips: Trip[]) => median(trips.map((t) => t.ms));
  const allowSmall = med(small!.allow);
  const allowLarge = med(large!.allow);
  const tripsSmall = median(small!.allow.map((t) => t.allChain.length));
  budget(
    "Allow -> first rows, 300 tasks",
    `<= ${BUDGET.allowMs} ms`,
    ms(allowSmall, 0),
    allowSmall <= BUDGET.allowMs,
  );
  budget(
    "Allow -> first rows, 300 tasks, round trips",
    `<= ${BUDGET.allowRoundTrips}`,
    String(tripsSmall),
    tripsSmall <= BUDGET.allowRoundTrips,
  );
  budget(
    "Allow -> first rows, 10,000 tasks",
    `within ${BUDGET.allowLargeRatio}x the 300-task figure`,
    `${(allowLarge / allowSmall).toFixed(2)}x (${ms(allowLarge, 0)})`,
    allowLarge / allowSmall <= BUDGET.allowLargeRatio,
  );
  for (const { tasks, reload } of results) {
    const m = med(reload);
    budget(
      `reload -> first rows, ${tasks.toLocaleString("en")} tasks`,
      `<= ${BUDGET.reloadMs} ms from navigation start`,
      ms(m, 0),
      m <= BUDGET.reloadMs,
    );
  }
}
