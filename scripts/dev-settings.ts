// What `npm run dev` was asked for: the dev server's port (`-- --port N`), the simulator's ports, task
// count and token lifetimes (SIM_* environment variables), and which ports are free.
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer } from "node:net";

export class DevSettingError extends Error {
  readonly code = "bad_dev_setting";
}

export interface DevSettings {
  /** The dev server's port (vite's --port; default 5173; 0 = any free port). */
  port: number;
  /** Arguments for vite other than --port. */
  viteArgs: string[];
  /** Simulator ports asked for with SIM_LOGIN_PORT/SIM_US_PORT/SIM_EU_PORT (0 = any free port). */
  simPorts: { loginPort: number; usPort: number; euPort: number } | undefined;
  taskCount: number | undefined;
  accessTokenTtl: number | undefined;
  refreshTokenTtl: number | undefined;
}

function whole(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new DevSettingError(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  return n;
}

export function readDevSettings(argv: string[], env: NodeJS.ProcessEnv): DevSettings {
  let port = 5173;
  const viteArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--port") port = whole("--port", argv[++i], 0, 65535) ?? port;
    else if (arg.startsWith("--port=")) port = whole("--port", arg.slice(7), 0, 65535) ?? port;
    else if (arg !== "--strictPort") viteArgs.push(arg);
  }
  const ports = ["SIM_LOGIN_PORT", "SIM_US_PORT", "SIM_EU_PORT"].map((n) => whole(n, env[n], 0, 65535));
  const [loginPort, usPort, euPort] = ports;
  return {
    port,
    viteArgs,
    simPorts: ports.some((p) => p !== undefined)
      ? { loginPort: loginPort ?? 0, usPort: usPort ?? 0, euPort: euPort ?? 0 }
      : undefined,
    taskCount: whole("SIM_TASK_COUNT", env.SIM_TASK_COUNT, 0, 100_000),
    accessTokenTtl: whole("SIM_ACCESS_TOKEN_TTL", env.SIM_ACCESS_TOKEN_TTL, 1, 365 * 86_400),
    refreshTokenTtl: whole("SIM_REFRESH_TOKEN_TTL", env.SIM_REFRESH_TOKEN_TTL, 1, 365 * 86_400),
  };
}

/** Whether nothing listens on host:port yet (tried by listening there, as the servers will). */
export function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/**
 * Holds the dev server's port while the simulator starts, answering as this app ("starting"), so a
 * second `npm run dev` started meanwhile is told the demo is running. Undefined when the port is taken.
 */
export function reservePort(port: number, host: string): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createHttpServer((_req, res) => {
      res.writeHead(503, { "Content-Type": "text/html; charset=utf-8", "Retry-After": "5" });
      res.end("<!doctype html><title>Wrike Pane</title><p>Wrike Pane is starting; reload in a moment.</p>");
    });
    server.once("error", () => resolve(undefined));
    server.listen(port, host, () => resolve(server));
  });
}

/** Some free port on host (for `--port 0`: the dev server's origin must be known before it starts). */
export function anyFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * What answers on the dev server's port: this app (another `npm run dev`), or something else. Tried for
 * a few seconds, because a dev server that is still starting takes connections before it answers.
 */
export async function whoIsOn(port: number): Promise<"wrike-pane" | "other"> {
  const end = Date.now() + 10_000;
  for (;;) {
    try {
      const res = await fetch(`http://localhost:${port}/`, { signal: AbortSignal.timeout(3000) });
      return (await res.text()).includes("<title>Wrike Pane</title>") ? "wrike-pane" : "other";
    } catch {
      if (Date.now() > end) return "other";
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
