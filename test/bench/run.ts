// `npm run bench`: every figure beside its comparison from the same run, and issue 12's targets as budgets.
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { chromium, type Browser } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/chromium.ts";
import { root } from "../support/stack.ts";
import { benchBundle } from "./bundle.ts";
import type { BenchContext } from "./context.ts";
import { benchCpu } from "./cpu.ts";
import { benchFirstRows } from "./first-rows.ts";
import { closeAgent } from "./http-load.ts";
import { benchProxies } from "./proxies.ts";
import { budgets, printed, say, section, table, verdict } from "./report.ts";
import { benchScroll } from "./scroll.ts";
import { benchSealing } from "./sealing.ts";
import { buildCommit, buildCopy } from "./stack.ts";
import { buildMinimalProxy } from "./workers.ts";

type Part = (ctx: BenchContext, browser: Browser) => Promise<void>;
const PARTS: Record<string, Part> = {
  sealing: () => benchSealing(),
  bundle: (ctx) => benchBundle(ctx),
  proxies: (ctx) => benchProxies(ctx),
  cpu: (ctx) => benchCpu(ctx),
  "first-rows": (ctx, browser) => benchFirstRows(ctx, browser),
  scroll: (ctx, browser) => benchScroll(ctx, browser),
};
const BROWSER_PARTS = new Set(["first-rows", "scroll"]);

interface Args {
  parts: string[];
  build: boolean;
  commit?: string;
  record?: string;
}

/**
 * npm run bench [-- PART ...] [--no-build | --commit REV] [--record LABEL]; PART: sealing bundle proxies cpu
 * first-rows scroll. --commit builds that commit apart (for a before/after in one session on one machine).
 */
function parseArgs(argv: string[]): Args {
  const parts: string[] = [];
  let build = true;
  let record: string | undefined;
  let commit: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--no-build") build = false;
    else if (arg === "--record") record = argv[++i];
    else if (arg === "--commit") commit = argv[++i];
    else if (arg in PARTS) parts.push(arg);
    else throw new Error(`bench: unknown argument ${arg} (parts: ${Object.keys(PARTS).join(", ")})`);
  }
  return {
    parts: parts.length > 0 ? parts : Object.keys(PARTS),
    build,
    ...(commit ? { commit } : {}),
    ...(record ? { record } : {}),
  };
}

function git(...args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

/** Appends this run's output to docs/bench.md under `label`, for before/after comparisons. */
function record(label: string, started: string): void {
  const file = `${root}docs/bench.md`;
  if (!existsSync(file)) {
    writeFileSync(
      file,
      "# Benchmark runs\n\nEach section is the output of one `npm run bench -- --record <label>` run, kept so that\n" +
        "later runs can be compared with it. Figures from different machines or loads are not comparable.\n",
    );
  }
  appendFileSync(file, `\n## ${label} (${started})\n\n\`\`\`text\n${printed.join("\n").trim()}\n\`\`\`\n`);
  console.log(`\nRecorded in docs/bench.md under "${label}".`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const changed = git("status", "--porcelain").split("\n").filter(Boolean).length;
  say(`Wrike Pane benchmarks, ${started}`);
  say(
    `  Node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} (other work on the machine moves every timing)`,
  );
  const tmp = mkdtempSync(`${tmpdir()}/wp-bench-`);
  let browser: Browser | undefined;
  try {
    const needsDist = args.parts.some((p) => p !== "sealing");
    if (needsDist && args.commit) {
      say(`  building commit ${args.commit} apart (git archive, vite build, e2e env)...`);
      const sha = await buildCommit(args.commit, `${tmp}/dist`, `${tmp}/src`);
      say(`  measuring commit ${sha}`);
    } else if (needsDist) {
      say(
        `  measuring the working tree at ${git("rev-parse", "--short", "HEAD") || "?"}${changed ? ` with ${changed} files changed` : ""}`,
      );
      say(
        `  ${args.build ? "building (vite build, e2e env) and copying" : "copying the last build of"} dist/ under /tmp/wp-e2e.lock...`,
      );
      await buildCopy(`${tmp}/dist`, args.build);
    }
    const compatibilityDate = needsDist
      ? (
          JSON.parse(readFileSync(`${tmp}/dist/wrike_pane/wrangler.json`, "utf8")) as {
            compatibility_date: string;
          }
        ).compatibility_date
      : "";
    const minimalScript =
      args.parts.includes("proxies") || args.parts.includes("cpu")
        ? await buildMinimalProxy(`${tmp}/minimal`)
        : "";
    const ctx: BenchContext = { dist: `${tmp}/dist`, minimalScript, compatibilityDate, tmp };
    if (args.parts.some((p) => BROWSER_PARTS.has(p)))
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    for (const part of args.parts) {
      const t = performance.now();
      await PARTS[part]!(ctx, browser!);
      say(`  (${part}: ${((performance.now() - t) / 1000).toFixed(0)} s)`);
    }
  } finally {
    await browser?.close();
    closeAgent();
    rmSync(tmp, { recursive: true, force: true });
  }
  section("Budgets (issue 12's targets; timings are never asserted by npm test)");
  table(
    ["figure", "target", "now", ""],
    budgets.map((b) => [b.figure, b.target, b.actual, verdict(b.met)]),
  );
  if (args.record) record(args.record, started);
}

await main();
