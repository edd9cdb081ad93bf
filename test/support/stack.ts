// Builds the app + relay for the e2e wrangler env and serves it with `vite preview` (workerd), for e2e
// tests and benchmarks. Every address is this run's own (ephemeral ports): the build's .dev.vars name the
// simulator the caller started and the embedder's origin, so two checkouts can test at once.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import type { SimClient } from "../wrike-sim/index.ts";

export const root = fileURLToPath(new URL("../..", import.meta.url));
const viteBin = `${root}node_modules/vite/bin/vite.js`;

/**
 * The environment variable that carries one e2e run's E2EStack (JSON) from test/e2e/global-setup.ts to
 * the test workers it starts (test/e2e/env.ts): the environment, not vitest's inject, because the bench
 * imports e2e helpers outside vitest.
 */
export const E2E_STACK_ENV = "WRIKE_PANE_E2E_STACK";

/** One e2e run's addresses: chosen by test/e2e/global-setup.ts, read by the tests (test/e2e/env.ts). */
export interface E2EStack {
  /** Where `vite preview` serves the app and the relay: "http://localhost:<port>". */
  appOrigin: string;
  previewPort: number;
  /** The simulator's login origin and its API hosts ("127.0.0.1:<port>"). */
  simLogin: string;
  simHosts: { us: string; eu: string };
  /** The embedding site EMBED_ORIGINS allows (http://127.0.0.1:<port>), and another site it does not. */
  embedHostPort: number;
  foreignPort: number;
}

/** A port no one listens on right now (the OS's pick); the caller binds it at once, with strictPort. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/** The OAuth client the e2e stack registers at the simulator: wrangler.toml [env.e2e]'s WRIKE_CLIENT_ID. */
export function e2eClient(appOrigin: string): SimClient {
  return {
    id: "wrike-pane-e2e",
    secret: E2E_CLIENT_SECRET,
    redirectUris: [`${appOrigin}/auth/callback`],
  };
}
export const E2E_CLIENT_SECRET = "wrike-pane-e2e-secret";
/**
 * Everything `vite preview` prints (the Worker's console lines among it), rewritten on every start, so
 * that tests can scan what the relay logged (test/e2e/relay-socket.test.ts). Git-ignored.
 */
export const E2E_PREVIEW_LOG = `${root}test/e2e/artifacts/preview.log`;

function runVite(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin, ...args], { cwd: root, env, stdio: "inherit" });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`vite ${args[0]} exited ${code}`)),
    );
  });
}

export async function waitFor(url: string, timeoutMs: number): Promise<void> {
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

/**
 * `vite build` for [env.e2e], with a fresh session key and the simulator's e2e client secret; with
 * `stack`, also this run's simulator and embedder (the build copies .dev.vars.e2e beside the Worker, and
 * `vite preview` lays its values over wrangler.toml's). Without it (the bench, which binds its own), the
 * addresses are wrangler.toml's placeholders.
 */
export async function buildE2E(stack?: E2EStack): Promise<void> {
  const vars: Record<string, string> = {
    SESSION_SECRET: randomBytes(32).toString("base64url"),
    WRIKE_CLIENT_SECRET: E2E_CLIENT_SECRET,
    ...(stack && {
      WRIKE_OAUTH_BASE: stack.simLogin,
      WRIKE_API_HOSTS: `${stack.simHosts.us},${stack.simHosts.eu}`,
      EMBED_ORIGINS: `http://127.0.0.1:${stack.embedHostPort}`,
    }),
  };
  const text = Object.entries(vars).map(([k, v]) => `${k}=${v}\n`);
  writeFileSync(`${root}.dev.vars.e2e`, text.join(""));
  await runVite(["build", "--logLevel", "warn"], { ...process.env, CLOUDFLARE_ENV: "e2e" });
}

/** Serves the last build on http://localhost:`port`; resolves once it answers. */
export async function startPreview(port: number): Promise<ChildProcess> {
  // The build already folded the e2e environment into dist/; preview must not ask for it again.
  const { CLOUDFLARE_ENV: _built, ...env } = process.env;
  const preview = spawn(process.execPath, [viteBin, "preview", "--port", String(port), "--strictPort"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  mkdirSync(`${root}test/e2e/artifacts`, { recursive: true });
  const log = createWriteStream(E2E_PREVIEW_LOG);
  preview.stdout?.pipe(log);
  // Errors still reach the terminal as before, and the log file too.
  preview.stderr?.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    log.write(chunk);
  });
  await waitFor(`http://localhost:${port}/`, 60_000);
  return preview;
}
