// Starts what every e2e file shares: the Wrike simulator, the built app served by `vite preview`, and one
// Chromium.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserServer } from "playwright-core";
import type { TestProject } from "vitest/node";
import { startSimulator, type Simulator } from "../wrike-sim/index.ts";
import { CHROMIUM_ARGS, CHROMIUM_PATH, E2E_APP_ORIGIN, E2E_PREVIEW_PORT } from "./env.ts";
import { E2E_CLIENT } from "./sim.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const viteBin = `${root}node_modules/vite/bin/vite.js`;

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin, ...args], { cwd: root, env, stdio: "inherit" });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`vite ${args[0]} exited ${code}`)),
    );
  });
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let preview: ChildProcess | undefined;
let browser: BrowserServer | undefined;
let simulator: Simulator | undefined;

export async function setup(project: TestProject): Promise<void> {
  const env = { ...process.env, CLOUDFLARE_ENV: "e2e" };
  writeFileSync(
    `${root}.dev.vars.e2e`,
    `SESSION_SECRET=${randomBytes(32).toString("base64url")}\nWRIKE_CLIENT_SECRET=wrike-pane-e2e-secret\n`,
  );
  await run(["build", "--logLevel", "warn"], env);
  // The build already folded the e2e environment into dist/; preview must not ask for it again.
  const { CLOUDFLARE_ENV: _built, ...previewEnv } = env;
  preview = spawn(
    process.execPath,
    [viteBin, "preview", "--port", String(E2E_PREVIEW_PORT), "--strictPort"],
    {
      cwd: root,
      env: previewEnv,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  await waitFor(`${E2E_APP_ORIGIN}/`, 60_000);
  // The ports are the ones wrangler.toml's [env.e2e] points the relay at.
  simulator = await startSimulator({ loginPort: 8821, usPort: 8822, euPort: 8823, clients: [E2E_CLIENT] });
  browser = await chromium.launchServer({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  project.provide("browserWsEndpoint", browser.wsEndpoint());
}

export async function teardown(): Promise<void> {
  await browser?.close();
  preview?.kill("SIGTERM");
  await simulator?.close();
}

declare module "vitest" {
  export interface ProvidedContext {
    browserWsEndpoint: string;
  }
}
