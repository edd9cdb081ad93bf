// `npm run deploy [-- --env staging] [-- <wrangler deploy flags>]`: builds the relay and the app for one
// wrangler environment, removes local secret files from the build, and deploys the built config.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { unstable_readConfig } from "wrangler";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
// The Cloudflare Vite plugin writes the deployable config here. Its redirect file for wrangler lands
// under Vite's root (web/.wrangler/deploy), where wrangler run from the project root never looks, so
// wrangler is pointed at the built config itself.
const builtConfig = join(dist, "wrike_pane", "wrangler.json");

type DeployErrorCode = "bad_config" | "local_env" | "build_failed" | "secret_file_left";

function fail(code: DeployErrorCode, message: string): never {
  console.error(`npm run deploy: ${message} [${code}]`);
  process.exit(1);
}

/** Takes `--env X`, `--env=X` or `-e X` out of the arguments; the rest go to `wrangler deploy`. */
function splitEnv(args: string[]): { env: string | undefined; rest: string[] } {
  let env = process.env.CLOUDFLARE_ENV || undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--env" || arg === "-e") env = args[++i];
    else if (arg.startsWith("--env=")) env = arg.slice("--env=".length);
    else rest.push(arg);
  }
  // Production is wrangler.toml's top level; "production" is accepted as its name.
  return { env: env === "production" || env === "" ? undefined : env, rest };
}

/** The demo and e2e environments point the relay at the simulator on loopback: never deployable. */
function refuseLocal(vars: Record<string, unknown>, label: string): void {
  if (vars.WRIKE_LOCAL !== undefined)
    fail(
      "local_env",
      `${label} sets WRIKE_LOCAL (plain http and loopback Wrike hosts, for the local simulator); it cannot be deployed. Use the top level (production) or --env staging.`,
    );
}

/** Every `.dev.vars*` / `.env*` file under dir (the plugin copies local secrets next to the built Worker). */
function secretFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /^\.(dev\.vars|env)(\.|$)/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

const { env, rest } = splitEnv(process.argv.slice(2));
const label = env ? `the "${env}" environment` : "production (the top level)";
let source: ReturnType<typeof unstable_readConfig>;
try {
  // Throws for an unknown environment, naming the ones wrangler.toml has.
  source = unstable_readConfig({ config: join(root, "wrangler.toml"), env });
} catch (error) {
  fail("bad_config", error instanceof Error ? error.message : String(error));
}
refuseLocal(source.vars, label);

// With the Vite plugin the environment is chosen at build time (CLOUDFLARE_ENV) and folded into the
// built config, so wrangler deploy itself gets no --env.
const { CLOUDFLARE_ENV: _ignored, ...buildEnv } = process.env;
console.log(`Building ${label}…`);
const build = spawnSync(
  process.execPath,
  [join(root, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"],
  { cwd: root, stdio: "inherit", env: env ? { ...buildEnv, CLOUDFLARE_ENV: env } : buildEnv },
);
if (build.status !== 0) fail("build_failed", `vite build exited ${build.status ?? build.signal}.`);

for (const file of secretFiles(dist)) {
  rmSync(file);
  console.log(`Removed ${relative(root, file)} from the build: local secrets are never uploaded.`);
}
const left = secretFiles(dist);
if (left.length) fail("secret_file_left", `could not remove ${left.join(", ")}.`);
refuseLocal(
  (JSON.parse(readFileSync(builtConfig, "utf8")) as { vars?: Record<string, unknown> }).vars ?? {},
  label,
);

const wrangler = spawnSync(
  process.execPath,
  [join(root, "node_modules/wrangler/bin/wrangler.js"), "deploy", "-c", builtConfig, ...rest],
  {
    cwd: root,
    stdio: "inherit",
    // No usage telemetry unless the operator asked for it.
    env: { ...buildEnv, WRANGLER_SEND_METRICS: process.env.WRANGLER_SEND_METRICS ?? "false" },
  },
);
process.exit(wrangler.status ?? 1);
