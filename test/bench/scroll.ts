// Scrolling My tasks over 10,000+ rows in Chromium: paging time, fling frame times (with budget), DOM rows, heap.
import type { Browser, Page } from "playwright-core";
import { BIG_TASK_COUNT, fling, loadEveryPage, rowsInDom } from "../e2e/big-list.ts";
import { BUDGET } from "./budgets.ts";
import type { BenchContext } from "./context.ts";
import { budget, figure, ms, percentile, section } from "./report.ts";
import { startStack } from "./stack.ts";

/** Used JS heap after a full GC, MiB. */
async function heapMiB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("HeapProfiler.collectGarbage");
    const { usedSize } = await cdp.send("Runtime.getHeapUsage");
    return usedSize / 1024 / 1024;
  } finally {
    await cdp.detach();
  }
}

export async function benchScroll(ctx: BenchContext, browser: Browser): Promise<void> {
  section(
    `Scrolling My tasks in Chromium (headless, no GPU): ${BIG_TASK_COUNT.toLocaleString("en")} seeded tasks, a fling of 150 frames at 800 px`,
  );
  const stack = await startStack(ctx.dist, { taskCount: BIG_TASK_COUNT });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(stack.origin);
    await page.getByLabel("Permanent token", { exact: true }).fill(stack.ada.token);
    await page.getByLabel("Data centre").selectOption(stack.ada.host);
    await page.getByRole("button", { name: "Use token" }).click();
    await page.getByRole("navigation", { name: "Screens" }).waitFor({ timeout: 30_000 });
    const signedIn = await heapMiB(page);
    const loaded = await loadEveryPage(page);
    const full = await heapMiB(page);
    figure(
      "paging in My tasks",
      `${loaded.total.toLocaleString("en")} tasks in ${Math.ceil(loaded.total / 100)} pages, ${(loaded.ms / 1000).toFixed(1)} s`,
      "100 tasks a page, each asked for as the list nears its end",
    );
    const { frames, blanks } = await fling(page);
    const dom = await rowsInDom(page);
    const after = await heapMiB(page);
    const median = percentile(frames, 50);
    const p95 = percentile(frames, 95);
    figure(
      "scroll frame, median / p95",
      `${ms(median)} / ${ms(p95)}`,
      `checks that found blank space: ${blanks.filter((b) => b.length > 0).length} of ${blanks.length}; ${dom.count} rows in the DOM`,
    );
    figure(
      "JS heap after GC",
      `${signedIn.toFixed(1)} MiB signed in -> ${full.toFixed(1)} MiB with every task loaded -> ${after.toFixed(1)} MiB after the fling`,
      "Runtime.getHeapUsage after HeapProfiler.collectGarbage",
    );
    budget(
      "scroll frame over 10,000 rows, median / p95",
      `< ${BUDGET.scrollMedianMs} / ${BUDGET.scrollP95Ms} ms (keep it smooth)`,
      `${ms(median)} / ${ms(p95)}`,
      median < BUDGET.scrollMedianMs && p95 < BUDGET.scrollP95Ms,
    );
  } finally {
    await context.close();
    await stack.close();
  }
}
