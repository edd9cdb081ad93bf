// "Allow" -> first rows in My work and reload -> first rows, in Chromium at 300 and 10,000 tasks, with round trips.
import type { Browser } from "playwright-core";
import { BUDGET } from "./budgets.ts";
import type { BenchContext } from "./context.ts";
import { budget, kB, median, ms, say, section, table } from "./report.ts";
import { startStack } from "./stack.ts";
import type { Trip } from "./first-rows-trip.ts";
import { signInAndReloadPlaywright } from "./first-rows-playwright.ts";
import { signInAndReloadCdp } from "./first-rows-cdp.ts";
import { Cdp } from "./cdp.ts";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/chromium.ts";

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

type Driver = "DevTools" | "Playwright";
interface Result {
  tasks: number;
  /** By driver: the DevTools protocol alone (judged), and Playwright (for comparison). */
  allow: Record<Driver, Trip[]>;
  reload: Record<Driver, Trip[]>;
}

export async function benchFirstRows(ctx: BenchContext, browser: Browser): Promise<void> {
  section(
    `First rows in Chromium (headless, 1280x900): the built app and relay in workerd with its asset router; median of ${RUNS} sign-ins`,
  );
  const client = `${ctx.dist}/client`;
  const results: Result[] = [];
  const cdp = await Cdp.launch(CHROMIUM_PATH, CHROMIUM_ARGS);
  try {
    for (const tasks of TASK_COUNTS) {
      const stack = await startStack(ctx.dist, { taskCount: tasks });
      try {
        const r: Result = {
          tasks,
          allow: { DevTools: [], Playwright: [] },
          reload: { DevTools: [], Playwright: [] },
        };
        // The drivers take turns, so that load from elsewhere on the machine falls on both alike.
        for (let run = 0; run < RUNS; run++) {
          for (const driver of ["DevTools", "Playwright"] as const) {
            const [a, b] =
              driver === "DevTools"
                ? await signInAndReloadCdp(cdp, stack.origin, client)
                : await signInAndReloadPlaywright(browser, stack.origin, client);
            r.allow[driver].push(a);
            r.reload[driver].push(b);
          }
        }
        results.push(r);
      } finally {
        await stack.close();
      }
    }
  } finally {
    await cdp.close();
  }
  const mid = (trips: Trip[]) => [...trips].sort((a, b) => a.ms - b.ms)[Math.floor(trips.length / 2)]!;
  const rows = results.flatMap(({ tasks, allow, reload }) =>
    (
      [
        ["Allow -> first rows", allow],
        ["reload -> first rows", reload],
      ] as const
    ).flatMap(([what, byDriver]) =>
      (["DevTools", "Playwright"] as const).map((driver) => {
        const trips = byDriver[driver];
        return [
          `${what}, ${tasks.toLocaleString("en")} tasks${driver === "Playwright" ? " (Playwright)" : ""}`,
          ms(median(trips.map((t) => t.ms)), 0),
          `${Math.min(...trips.map((t) => t.ms)).toFixed(0)}-${Math.max(...trips.map((t) => t.ms)).toFixed(0)} ms`,
          String(median(trips.map((t) => t.allChain.length))),
          String(median(trips.map((t) => t.relayChain.length))),
          kB(median(trips.map((t) => t.jsBytes))),
        ];
      }),
    ),
  );
  table(["figure", "median", "range", "round trips", "of them /auth+/api", "JS run before rows"], rows);
  for (const { tasks, allow, reload } of results) {
    for (const [what, trips] of [
      ["Allow", allow.DevTools],
      ["reload", reload.DevTools],
    ] as const)
      say(`  ${tasks.toLocaleString("en")} tasks, ${what}: ${chainText(mid(trips).allChain)}`);
  }
  for (const line of [
    "Two drivers, taking turns: Chromium over the DevTools protocol alone (a few commands, nothing run in the",
    "page but the probe; the budgets' figures), and Playwright, whose own per-document work (its utility world,",
    "its event plumbing) lands inside every navigation it drives: the gap between the two is the harness's.",
    "Allow is timed from the click in the consent page to the start of the frame that paints the first row;",
    "reload from the reloaded document's navigation start. Round trips: the longest chain of requests that ends",
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
  const allowSmall = med(small!.allow.DevTools);
  const allowLarge = med(large!.allow.DevTools);
  const tripsSmall = median(small!.allow.DevTools.map((t) => t.allChain.length));
  const alongside = (trips: Trip[]) => ` (Playwright: ${ms(med(trips), 0)})`;
  budget(
    "Allow -> first rows, 300 tasks",
    `<= ${BUDGET.allowMs} ms`,
    ms(allowSmall, 0) + alongside(small!.allow.Playwright),
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
    const m = med(reload.DevTools);
    budget(
      `reload -> first rows, ${tasks.toLocaleString("en")} tasks`,
      `<= ${BUDGET.reloadMs} ms from navigation start`,
      ms(m, 0) + alongside(reload.Playwright),
      m <= BUDGET.reloadMs,
    );
  }
}
