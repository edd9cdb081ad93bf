// `npm run dev`: the relay and the app on one origin; with no Wrike credentials, the demo against the simulator.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import {
  DevSettingError,
  anyFreePort,
  portFree,
  readDevSettings,
  reservePort,
  whoIsOn,
  type DevSettings,
} from "./dev-settings.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const viteBin = `${root}node_modules/vite/bin/vite.js`;
const DEMO_SIM_PORTS = { loginPort: 8801, usPort: 8802, euPort: 8803 };
/** The demo's OAuth client at the simulator: wrangler.toml [env.demo]'s WRIKE_CLIENT_ID, and its secret. */
const DEMO_CLIENT = {
  id: "wrike-pane-demo",
  secret: "wrike-pane-demo-secret",
  redirectUris: [
    "http://localhost:5173/auth/callback",
    "http://127.0.0.1:5173/auth/callback",
    "http://localhost:4173/auth/callback",
  ],
};
const EXAMPLE_PORT = 5174;

function hasCredentials(): boolean {
  const file = `${root}.dev.vars`;
  if (!existsSync(file)) return false;
  const vars = readFileSync(file, "utf8");
  return /^WRIKE_CLIENT_ID\s*=\s*\S/m.test(vars) && /^WRIKE_CLIENT_SECRET\s*=\s*\S/m.test(vars);
}

function stop(message: string): never {
  console.error(`Wrike Pane: ${message}`);
  process.exit(1);
}

/** What to say when the dev server's port is taken: another `npm run dev` of this app, or something else. */
async function portTaken(port: number): Promise<string> {
  const app = `http://localhost:${port}`;
  const what = hasCredentials() ? "Wrike Pane is" : "the demo is";
  return (await whoIsOn(port)) === "wrike-pane"
    ? `${what} already running at ${app} (another \`npm run dev\`). Open it there, stop that one first, or start a second one on another port: npm run dev -- --port 5180`
    : `port ${port} is in use by another program. Stop it, or choose another port: npm run dev -- --port 5180`;
}

async function runVite(
  settings: DevSettings,
  env: NodeJS.ProcessEnv,
  onExit: () => Promise<void> | void,
): Promise<void> {
  await new Promise((resolve) => reservation.close(resolve));
  reservation.closeAllConnections();
  const args = [viteBin, "dev", "--port", String(settings.port), "--strictPort", ...settings.viteArgs];
  const vite = spawn(process.execPath, args, { cwd: root, env, stdio: ["inherit", "inherit", "pipe"] });
  // Another dev server can still take the port between the reservation's end and vite's listen:
  // then vite's "Port … is already in use" stack trace becomes the same one-line message.
  let clash = false;
  vite.stderr.on("data", (chunk: Buffer) => {
    if (/Port \d+ is already in use/.test(chunk.toString())) clash = true;
    if (!clash) process.stderr.write(chunk);
  });
  const end = () => vite.kill("SIGTERM");
  process.on("SIGINT", end);
  process.on("SIGTERM", end);
  vite.on("exit", async (code) => {
    await onExit();
    if (clash) stop(await portTaken(settings.port));
    process.exit(code ?? 0);
  });
}

/** The embedding example (scripts/embed-example.html) on another origin than the app, to try /embed.js. */
async function serveExample(relay: string): Promise<Server> {
  const page = readFileSync(`${root}scripts/embed-example.html`, "utf8").replaceAll("__RELAY__", relay);
  const server = createServer((req, res) => {
    res.writeHead(req.url === "/" ? 200 : 404, { "Content-Type": "text/html; charset=utf-8" });
    res.end(req.url === "/" ? page : "Not found");
  });
  const port = (await portFree(EXAMPLE_PORT, "127.0.0.1")) ? EXAMPLE_PORT : 0;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}

async function startDemo(settings: DevSettings, app: string): Promise<void> {
  const { startSimulator } = await import("../test/wrike-sim/index.ts");
  // The demo's usual ports, unless asked for others or taken (e.g. by `npm run sim`): then free ones.
  const usual = await Promise.all(Object.values(DEMO_SIM_PORTS).map((p) => portFree(p, "127.0.0.1")));
  const ports =
    settings.simPorts ?? (usual.every(Boolean) ? DEMO_SIM_PORTS : { loginPort: 0, usPort: 0, euPort: 0 });
  const start = (at: typeof ports) =>
    startSimulator({
      ...at,
      demo: true,
      // The demo client also accepts this run's callback, whatever port the dev server has.
      clients: [{ ...DEMO_CLIENT, redirectUris: [...DEMO_CLIENT.redirectUris, `${app}/auth/callback`] }],
      ...(settings.taskCount !== undefined ? { taskCount: settings.taskCount } : {}),
      ...(settings.accessTokenTtl !== undefined ? { accessTokenTtl: settings.accessTokenTtl } : {}),
      ...(settings.refreshTokenTtl !== undefined ? { refreshTokenTtl: settings.refreshTokenTtl } : {}),
    });
  const failed = (error: unknown): never =>
    stop(`the simulator could not start: ${error instanceof Error ? error.message : error}`);
  // The usual ports can still be taken between the check and the start (a demo starting at the same time).
  const sim = await start(ports).catch((error: unknown) =>
    ports === DEMO_SIM_PORTS ? start({ loginPort: 0, usPort: 0, euPort: 0 }).catch(failed) : failed(error),
  );
  const example = await serveExample(app);
  const exampleOrigin = `http://127.0.0.1:${(example.address() as AddressInfo).port}`;
  // wrangler.toml [env.demo] with this run's addresses and a throwaway session key, handed to vite.config.ts
  // in the environment (never a file: two demos, or a demo and a test, must not share one).
  const devVars = {
    WRIKE_OAUTH_BASE: sim.loginOrigin,
    WRIKE_API_HOSTS: `${sim.hosts.us},${sim.hosts.eu}`,
    EMBED_ORIGINS: exampleOrigin,
    SESSION_SECRET: randomBytes(32).toString("base64url"),
    WRIKE_CLIENT_SECRET: DEMO_CLIENT.secret,
  };
  // Older versions wrote the demo's secrets to .dev.vars.demo, which would override the values above.
  rmSync(`${root}.dev.vars.demo`, { force: true });

  const ada = sim.users.find((u) => u.email === "ada@acme.test");
  const acme = ada?.accounts.find((a) => a.host === "us");
  const lifetimes = [
    settings.taskCount !== undefined ? `${settings.taskCount} tasks` : "",
    settings.accessTokenTtl !== undefined ? `access tokens live ${settings.accessTokenTtl} s` : "",
    settings.refreshTokenTtl !== undefined ? `refresh tokens live ${settings.refreshTokenTtl} s` : "",
  ].filter(Boolean);
  console.log(
    [
      "",
      "Wrike Pane demo: no Wrike credentials in .dev.vars, so the relay talks to the bundled Wrike simulator.",
      `  Simulator login: ${sim.loginOrigin}   data centres: ${sim.hosts.us} (US), ${sim.hosts.eu} (EU)`,
      ...(lifetimes.length ? [`  Simulator settings: ${lifetimes.join(", ")}`] : []),
      `  Sign in as ${ada?.email ?? "ada@acme.test"} / ${ada?.password ?? "wrike-demo"} (other people: npm run sim)`,
      `  Or use a permanent token: ${acme?.permanentToken ?? "(none)"}  (Ada, ${acme?.name ?? "Acme Robotics"}, data centre ${sim.hosts.us})`,
      `  Open ${app}   (an embedding example on another origin: ${exampleOrigin})`,
      "",
    ].join("\n"),
  );
  await runVite(
    settings,
    { ...process.env, CLOUDFLARE_ENV: "demo", WRIKE_PANE_DEV_VARS: JSON.stringify(devVars) },
    async () => {
      example.close();
      await sim.close();
    },
  );
}

let settings: DevSettings;
try {
  settings = readDevSettings(process.argv.slice(2), process.env);
} catch (error) {
  if (error instanceof DevSettingError) stop(error.message);
  throw error;
}
if (settings.port === 0) settings = { ...settings, port: await anyFreePort("localhost") };
const app = `http://localhost:${settings.port}`;
const reservation = (await reservePort(settings.port, "localhost")) ?? stop(await portTaken(settings.port));
if (hasCredentials()) {
  console.log("Wrike Pane: using the Wrike app configured in .dev.vars");
  await runVite(settings, process.env, () => {});
} else {
  await startDemo(settings, app);
}
