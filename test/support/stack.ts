// Builds the app + relay for the e2e wrangler env and serves it with `vite preview` (workerd), for e2e
// tests and benchmarks. The simulator it talks to is started by the caller on the env's ports.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { SimClient } from "../wrike-sim/index.ts";

export const root = fileURLToPath(new URL("../..", import.meta.url));
const viteBin = `${root}node_modules/vite/bin/vite.js`;

/** Ports the [env.e2e] relay is configured for (wrangler.toml). */
export const E2E_SIM_PORTS = { loginPort: 8821, usPort: 8822, euPort: 8823 } as const;
export const E2E_PREVIEW_PORT = 4174;
export const E2E_APP_ORIGIN = `http://localhost:${E2E_PREVIEW_PORT}`;
/** The OAuth client the e2e stack registers at the simulator: wrangler.toml [env.e2e]'s WRIKE_CLIENT_ID. */
export const E2E_CLIENT: SimClient = {
  id: "wrike-pane-e2e",
  secret: "wrike-pane-e2e-secret",
  redirectUris: [`${E2E_APP_ORIGIN}/auth/callback`],
};
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

/** `vite build` for [env.e2e], with a fresh session key and the simulator's e2e client secret. */
export async function buildE2E(): Promise<void> {
  writeFileSync(
    `${root}.dev.vars.e2e`,
    `SESSION_SECRET=${randomBytes(32).toString("base64url")}\nWRIKE_CLIENT_SECRET=${E2E_CLIENT.secret}\n`,
  );
  await runVite(["build", "--logLevel", "warn"], { ...process.env, CLOUDFLARE_ENV: "e2e" });
}

/** Serves the last build on E2E_APP_ORIGIN; resolves once it answers. */
export async function startPreview(): Promise<ChildProcess> {
  // The build already folded the e2e environment into dist/; preview must not ask for it again.
  const { CLOUDFLARE_ENV: _built, ...env } = process.env;
  const preview = spawn(
    process.execPath,
    [viteBin, "preview", "--port", String(E2E_PREVIEW_PORT), "--strictPort"],
    {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  mkdirSync(`${root}test/e2e/artifacts`, { recursive: true });
  const log = createWriteStream(E2E_PREVIEW_LOG);
  preview.stdout?.pipe(log);
  // Errors still reach the terminal as before, and the log file too.
  preview.stderr?.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    log.write(chunk);
  });
  await waitFor(`${E2E_APP_ORIGIN}/`, 60_000);
  return preview;
}
