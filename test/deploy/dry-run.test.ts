// `npm run deploy -- --dry-run` from a fresh copy of the project: what would be uploaded to Cloudflare
// (Worker size, bindings, production vars) and that no local secret file goes with it.
import { readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { unstable_readConfig } from "wrangler";
import { canCutNetwork, filesUnder, freshCopy, readJson, type FreshCopy } from "./fresh-copy.ts";

// Measured: 130 to 149 KiB (37 to 44 KiB gzipped) for the Worker in December 2026, as the relay grew.
// The budget leaves room to grow, and a jump past it (a dependency pulled into the relay by mistake)
// fails here.
const WORKER_BUDGET_KIB = 200;
const WORKER_GZIP_BUDGET_KIB = 60;

const WRIKE_DATA_CENTRES = ["www.wrike.com", "app-eu.wrike.com", "app-us2.wrike.com"];
const CANARY = `canary-${Math.random().toString(36).slice(2)}`;

interface BuiltConfig {
  name: string;
  vars?: Record<string, string>;
  assets?: { directory: string; binding?: string };
  ratelimits?: { name: string; namespace_id: string }[];
  durable_objects?: { bindings: { name: string; class_name: string }[] };
  migrations?: { tag: string; new_sqlite_classes?: string[] }[];
}

let copy: FreshCopy;

beforeAll(() => {
  copy = freshCopy({
    ".dev.vars": `WRIKE_CLIENT_SECRET=${CANARY}-client\nSESSION_SECRET=${CANARY}-session\n`,
    ".dev.vars.staging": `WRIKE_CLIENT_SECRET=${CANARY}-staging\n`,
  });
});
afterAll(() => copy?.remove());

/** The bindings table wrangler prints: "env.NAME (detail)   Kind" rows. */
function printedBindings(output: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const m of output.matchAll(/^env\.(\w+)(?: \(([^)]*)\))?\s{2,}(.+?)\s*$/gm))
    rows.set(m[1]!, `${m[3]}${m[2] ? ` ${m[2]}` : ""}`);
  return rows;
}

function expectRelayBindings(output: string): void {
  const bindings = printedBindings(output);
  expect(bindings.get("REFRESH_FLIGHT")).toBe("Durable Object RefreshFlight");
  expect(bindings.get("HANDOFF")).toBe("Durable Object HandoffBox");
  expect(bindings.get("HANDOFF_OPEN_LIMIT")).toMatch(/^Rate Limit \d+ requests\/(10|60)s$/);
  expect(bindings.get("HANDOFF_REDEEM_LIMIT")).toMatch(/^Rate Limit \d+ requests\/(10|60)s$/);
  expect(bindings.get("ASSETS")).toBe("Assets");
  expect(bindings.has("WRIKE_LOCAL")).toBe(false);
}

/** Production-grade vars: the three Wrike data centres, https only, nothing on loopback, no WRIKE_LOCAL. */
function expectProductionVars(vars: Record<string, string>): void {
  expect(vars).not.toHaveProperty("WRIKE_LOCAL");
  expect(vars.WRIKE_API_HOSTS?.split(",").map((h) => h.trim())).toEqual(WRIKE_DATA_CENTRES);
  expect(vars.WRIKE_OAUTH_BASE).toBe("https://login.wrike.com");
  for (const [name, value] of Object.entries(vars)) {
    for (const item of value
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean)) {
      expect(item, name).not.toMatch(/^http:/i);
      const host = item.includes("://") ? new URL(item).hostname : item.split(":")[0]!;
      expect(host, name).not.toMatch(/^(localhost|127\.|0\.0\.0\.0|\[?::1\]?$)/);
    }
  }
}

/** No .dev.vars* / .env* file and no byte of the local secrets anywhere under these directories. */
function expectNoSecrets(dirs: string[]): void {
  const files = dirs.flatMap(filesUnder);
  expect(files.length).toBeGreaterThan(3);
  expect(files.filter((f) => /^\.(dev\.vars|env)/.test(basename(f)))).toEqual([]);
  for (const file of files) expect(readFileSync(file, "latin1").includes(CANARY), file).toBe(false);
}

describe(`npm run deploy -- --dry-run (${canCutNetwork ? "with no network" : "network not cut here"})`, () => {
  test("production: the Worker, its bindings and vars, and no secret file", async () => {
    const out = join(copy.dir, ".upload");
    const { code, output } = await copy.deploy(["--dry-run", "--outdir", out]);
    expect(output).toContain("--dry-run: exiting now.");
    expect(code, output).toBe(0);
    // The Vite plugin did copy the local secrets next to the built Worker, and the deploy script removed them.
    expect(output).toContain("Removed dist/wrike_pane/.dev.vars from the build");

    const worker = statSync(join(out, "index.js")).size / 1024;
    expect(worker).toBeLessThan(WORKER_BUDGET_KIB);
    const total = output.match(/Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/);
    expect(total, output).not.toBeNull();
    expect(Number(total![1])).toBeLessThan(WORKER_BUDGET_KIB);
    expect(Number(total![2])).toBeLessThan(WORKER_GZIP_BUDGET_KIB);

    expectRelayBindings(output);
    const builtPath = join(copy.dir, "dist/wrike_pane/wrangler.json");
    const built = readJson<BuiltConfig>(builtPath);
    expect(built.name).toBe("wrike-pane");
    expectProductionVars(built.vars ?? {});
    expect(built.migrations?.flatMap((m) => m.new_sqlite_classes ?? [])).toEqual([
      "RefreshFlight",
      "HandoffBox",
    ]);

    const assets = resolve(join(copy.dir, "dist/wrike_pane"), built.assets!.directory);
    expect(output).toContain(`files from the assets directory ${assets}`);
    expect(filesUnder(assets).some((f) => f.endsWith("index.html"))).toBe(true);
    expectNoSecrets([assets, join(copy.dir, "dist"), out]);
  });

  test("--env staging: its own Worker with the same bindings, production vars, and no secret file", async () => {
    const { code, output } = await copy.deploy([
      "--env",
      "staging",
      "--dry-run",
      "--outdir",
      join(copy.dir, ".upload-staging"),
    ]);
    expect(code, output).toBe(0);
    expectRelayBindings(output);
    const built = readJson<BuiltConfig>(join(copy.dir, "dist/wrike_pane/wrangler.json"));
    expect(built.name).toBe("wrike-pane-staging");
    expectProductionVars(built.vars ?? {});
    expect(built.durable_objects?.bindings.map((b) => b.name)).toEqual(["REFRESH_FLIGHT", "HANDOFF"]);
    expect(built.migrations?.map((m) => m.tag)).toEqual(["v1", "v2"]);
    // Rate-limit namespaces are per account: staging must not share production's counters.
    const production = unstable_readConfig({ config: join(copy.dir, "wrangler.toml") });
    const productionIds = production.ratelimits.map((r: { namespace_id: string }) => r.namespace_id);
    expect(productionIds).toHaveLength(2);
    expect(built.ratelimits?.map((r) => r.name)).toEqual(["HANDOFF_OPEN_LIMIT", "HANDOFF_REDEEM_LIMIT"]);
    for (const r of built.ratelimits ?? []) expect(productionIds).not.toContain(r.namespace_id);
    expectNoSecrets([join(copy.dir, "dist"), join(copy.dir, ".upload-staging")]);
  });

  test("the demo environment (WRIKE_LOCAL, the simulator on loopback) is refused before anything is built", async () => {
    const { code, output } = await copy.deploy(["--env", "demo", "--dry-run"]);
    expect(code).not.toBe(0);
    expect(output).toContain("[local_env]");
    expect(output).not.toContain("Building");
  });

  test("an environment wrangler.toml does not have is named as such", async () => {
    const { code, output } = await copy.deploy(["--env=prod", "--dry-run"]);
    expect(code).not.toBe(0);
    expect(output).toContain('No environment found in configuration with name "prod"');
    expect(output).toContain("[bad_config]");
  });
});
