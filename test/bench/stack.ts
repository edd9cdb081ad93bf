// The bench's own stack on ephemeral loopback ports: a copy of the built dist/, a simulator, the relay in workerd.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, symlinkSync } from "node:fs";
import { root } from "../support/stack.ts";
import { startSimulator, type Simulator } from "../wrike-sim/index.ts";
import { freePort, startRelay, type RunningWorker } from "./workers.ts";

/**
 * Builds the app and relay and copies dist/ to `dest`, holding /tmp/wp-e2e.lock only for that (other
 * agents' e2e runs serve dist/); the bench then runs from the copy on its own ports.
 */
export function buildCopy(dest: string, build: boolean): Promise<void> {
  const args = ["-w", "1200", "/tmp/wp-e2e.lock", process.execPath, `${root}test/bench/build.ts`, dest];
  if (!build) args.push("--no-build");
  return new Promise((resolve, reject) => {
    const child = spawn("flock", args, { cwd: root, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`bench build exited ${code}`))));
  });
}

/** The bench's own OAuth client secret: its simulator and its relay are both given it. */
const CLIENT_SECRET = "wrike-pane-bench-secret";

/**
 * Builds commit `rev` (e.g. the one before a change) in a folder of its own from `git archive`, so that a
 * before and an after can be measured in one session on one machine; no lock, as dist/ is not touched.
 */
export async function buildCommit(rev: string, dest: string, scratch: string): Promise<string> {
  const sha = execFileSync("git", ["rev-parse", "--short", `${rev}^{commit}`], {
    cwd: root,
    encoding: "utf8",
  }).trim();
  mkdirSync(scratch, { recursive: true });
  execFileSync("sh", ["-c", `git archive --format=tar "$0" | tar -x -C "$1"`, sha, scratch], { cwd: root });
  symlinkSync(`${root}node_modules`, `${scratch}/node_modules`, "dir");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`${root}node_modules/vite/bin/vite.js`, "build", "--logLevel", "warn"],
      {
        cwd: scratch,
        env: { ...process.env, CLOUDFLARE_ENV: "e2e" },
        stdio: "inherit",
      },
    );
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build of ${sha} exited ${code}`)),
    );
  });
  renameSync(`${scratch}/dist`, dest);
  return sha;
}

export const ADA = { email: "ada@acme.test", password: "wrike-demo", account: "Acme Robotics" };

export interface Stack {
  sim: Simulator;
  relay: RunningWorker;
  /** The relay's origin, as the browser sees the app. */
  origin: string;
  sessionSecret: string;
  /** Ada in Acme (US data centre): her id, permanent token and host. */
  ada: { id: string; token: string; host: string };
  close(): Promise<void>;
}

/** A simulator with `taskCount` tasks and the built relay (from `dist`) pointed at it. */
export async function startStack(
  dist: string,
  opts: { taskCount: number; assets?: boolean },
): Promise<Stack> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const clientId = (
    JSON.parse(readFileSync(`${dist}/wrike_pane/wrangler.json`, "utf8")) as {
      vars: { WRIKE_CLIENT_ID: string };
    }
  ).vars.WRIKE_CLIENT_ID;
  const sim = await startSimulator({
    clients: [{ id: clientId, secret: CLIENT_SECRET, redirectUris: [`${origin}/auth/callback`] }],
    taskCount: opts.taskCount,
    rateLimitPerMinute: 1_000_000,
  });
  const sessionSecret = randomBytes(32).toString("base64url");
  let relay: RunningWorker;
  try {
    relay = await startRelay(
      dist,
      {
        oauthBase: sim.loginOrigin,
        apiHosts: [sim.hosts.us, sim.hosts.eu],
        sessionSecret,
        clientSecret: CLIENT_SECRET,
      },
      {
        port,
        ...(opts.assets === false ? { assets: false } : {}),
      },
    );
  } catch (error) {
    await sim.close();
    throw error;
  }
  const user = sim.users.find((u) => u.email === ADA.email);
  const acme = user?.accounts.find((a) => a.host === "us");
  if (!user || !acme) throw new Error("bench: the seed has no Ada in Acme");
  return {
    sim,
    relay,
    origin,
    sessionSecret,
    ada: { id: user.id, token: acme.permanentToken, host: sim.hosts.us },
    close: async () => {
      await relay.close();
      await sim.close();
    },
  };
}
