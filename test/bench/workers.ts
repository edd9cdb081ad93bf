// Runs the built relay and the bench's Workers in workerd through Miniflare's API, with no wrangler/vite dev proxy.
import { readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { build } from "vite";
import { Miniflare, convertV4MiniflareOptions, type V4WorkerOptions } from "miniflare";

// Nothing local may reach the internet (Miniflare otherwise fetches a `cf` object on start).
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";

export interface RunningWorker {
  /** The Worker's own socket in workerd (no Miniflare entry worker, no Node hop), e.g. http://127.0.0.1:41234 */
  origin: string;
  /** workerd's process id, for its CPU time. */
  pid: number;
  close(): Promise<void>;
}

/** A free loopback port (the OAuth redirect URI must name the relay's port before the relay starts). */
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

/** Process ids of workerd processes that are children of this process. */
function workerdChildren(): Set<number> {
  const out = new Set<number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = /\(([^)]*)\)/.exec(stat)?.[1] ?? "";
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid && comm.startsWith("workerd")) out.add(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

async function start(name: string, worker: V4WorkerOptions, opts: { port: number }): Promise<RunningWorker> {
  const before = workerdChildren();
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: 0,
      // The relay logs one JSON line a request, as in production; the bench does not print them.
      handleStructuredLogs: () => {},
      workers: [{ ...worker, name, unsafeDirectSockets: [{ host: "127.0.0.1", port: opts.port }] }],
    }),
  );
  await mf.ready;
  const direct = await mf.unsafeGetDirectURL(name);
  const pid = [...workerdChildren()].find((p) => !before.has(p));
  if (pid === undefined) throw new Error("bench: could not find the workerd process Miniflare started");
  return {
    origin: direct.origin,
    pid,
    close: () => mf.dispose(),
  };
}

export interface RelayBindings {
  oauthBase: string;
  apiHosts: string[];
  sessionSecret: string;
  clientSecret: string;
}

/** The built relay (`dist/wrike_pane/index.js` of a dist copy) with the bindings its wrangler.json names. */
export async function startRelay(
  dist: string,
  bindings: RelayBindings,
  opts: { port?: number; assets?: boolean } = {},
): Promise<RunningWorker> {
  const dir = `${dist}/wrike_pane`;
  const cfg = JSON.parse(readFileSync(`${dir}/wrangler.json`, "utf8")) as {
    compatibility_date: string;
    compatibility_flags: string[];
    vars: Record<string, string>;
    durable_objects: { bindings: { name: string; class_name: string }[] };
    ratelimits: { name: string; namespace_id: string; simple: { limit: number; period: 10 | 60 } }[];
    assets: { binding: string; not_found_handling?: string };
  };
  return start(
    "relay",
    {
      modules: [{ type: "ESModule", path: `${dir}/index.js` }],
      modulesRoot: dir,
      compatibilityDate: cfg.compatibility_date,
      compatibilityFlags: cfg.compatibility_flags,
      bindings: {
        ...cfg.vars,
        WRIKE_OAUTH_BASE: bindings.oauthBase,
        WRIKE_API_HOSTS: bindings.apiHosts.join(","),
        // The e2e build lists other sites; this relay is the only one the bench's browser sees.
        ALLOWED_ORIGINS: "",
        EMBED_ORIGINS: "",
        SESSION_SECRET: bindings.sessionSecret,
        WRIKE_CLIENT_SECRET: bindings.clientSecret,
      },
      durableObjects: Object.fromEntries(
        cfg.durable_objects.bindings.map((b) => [b.name, { className: b.class_name, useSQLite: true }]),
      ),
      ratelimits: Object.fromEntries(
        cfg.ratelimits.map((r) => [r.name, { namespace_id: r.namespace_id, simple: r.simple }]),
      ),
      // With static assets, Miniflare puts its asset router (a Worker of its own) in front of the relay;
      // the /api and /auth figures can leave it out, as the peers have none (the bench shows both).
      ...(opts.assets === false
        ? {}
        : {
            assets: {
              directory: `${dist}/client`,
              binding: cfg.assets.binding,
              routerConfig: { invoke_user_worker_ahead_of_assets: true, has_user_worker: true },
              assetConfig: { not_found_handling: "single-page-application" },
            },
          }),
    },
    { port: opts.port ?? 0 },
  );
}

/** Bundles test/bench/minimal-proxy.ts for workerd (vite's build, Hono inlined, not minified like the relay). */
export async function buildMinimalProxy(outDir: string): Promise<string> {
  await build({
    configFile: false,
    logLevel: "warn",
    resolve: { conditions: ["workerd", "worker", "browser"] },
    ssr: { noExternal: true, target: "webworker" },
    build: {
      ssr: new URL("./minimal-proxy.ts", import.meta.url).pathname,
      outDir,
      emptyOutDir: true,
      minify: false,
      target: "esnext",
      rolldownOptions: { output: { entryFileNames: "index.js", format: "es" } },
    },
  });
  return `${outDir}/index.js`;
}

export async function startMinimalProxy(
  script: string,
  bindings: { upstream: string; sessionSecret: string },
  opts: { compatibilityDate: string },
): Promise<RunningWorker> {
  const dir = script.slice(0, script.lastIndexOf("/"));
  return start(
    "minimal",
    {
      modules: [{ type: "ESModule", path: script }],
      modulesRoot: dir,
      compatibilityDate: opts.compatibilityDate,
      bindings: { UPSTREAM: bindings.upstream, SESSION_SECRET: bindings.sessionSecret },
    },
    { port: 0 },
  );
}

/**
 * The floor for CPU figures: no framework and no checks. A GET is passed through as it comes; POST
 * /auth/token answers a fixed body at once. What it costs is workerd's own share of a request.
 */
const FLOOR_SCRIPT = `export default {
  async fetch(req, env) {
    const url = new URL(req.url);
    if (url.pathname === "/auth/token") return Response.json({ access_token: "floor" });
    return fetch("http://" + env.UPSTREAM + url.pathname + url.search, {
      headers: { Authorization: req.headers.get("Authorization") ?? "" },
    });
  },
};`;

/**
 * The floor plus the two things the relay's contract asks of every call whatever its code: one JSON log
 * line (worker/README.md, Logs) and a deadline on the wait for Wrike (UPSTREAM_TIMEOUT_MS). Not a budget's
 * yardstick: it shows how much of the relay's figure those two cost workerd by themselves. With `headers`
 * (the header sets the relay itself answered the two calls with, read at the start of the run), it also
 * answers with those headers: its security policy, CORS's Vary and X-Request-Id, from Headers objects
 * built once per isolate (the cheapest way workerd sends a fixed set, and the relay's own way since it
 * copies its fixed headers from such templates: a plain record costs workerd several µs more to convert,
 * which would count against the headers rather than the relay's code).
 */
const OBLIGED_SCRIPT = `let sets;
const toHeaders = (s) => ({ token: new Headers(s.token), get: new Headers(s.get) });
export default {
  async fetch(req, env) {
    const started = Date.now();
    const url = new URL(req.url);
    sets ??= env.HEADERS ? toHeaders(JSON.parse(env.HEADERS)) : undefined;
    let res;
    if (url.pathname === "/auth/token") {
      const body = JSON.stringify({ access_token: "floor" });
      res = sets ? new Response(body, { headers: sets.token }) : Response.json({ access_token: "floor" });
    } else {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 30000);
      try {
        res = await fetch("http://" + env.UPSTREAM + url.pathname + url.search, {
          headers: { Authorization: req.headers.get("Authorization") ?? "" },
          signal: controller.signal,
        });
      } finally {
        clearTimeout(timer);
      }
      if (sets) {
        const type = res.headers.get("content-type") ?? "";
        res = new Response(res.body, { status: res.status, headers: sets.get });
        res.headers.set("content-type", type);
      }
    }
    console.log(JSON.stringify({ msg: "request", id: "0123456789abcdef0123456789abcdef", method: req.method,
      route: url.pathname === "/auth/token" ? "/auth/token" : "/api/v4/*", status: res.status, ms: Date.now() - started }));
    return res;
  },
};`;

/** Response header sets (lowercase name to value) for the GET and the token call of the CPU figures. */
export interface HeaderSets {
  get: Record<string, string>;
  token: Record<string, string>;
}

export function startFloorWorker(
  upstream: string,
  compatibilityDate: string,
  opts: { obliged?: boolean; headers?: HeaderSets } = {},
): Promise<RunningWorker> {
  return start(
    opts.headers ? "floor-obliged-headers" : opts.obliged ? "floor-obliged" : "floor",
    {
      modules: true,
      script: opts.obliged || opts.headers ? OBLIGED_SCRIPT : FLOOR_SCRIPT,
      compatibilityDate,
      bindings: { UPSTREAM: upstream, ...(opts.headers ? { HEADERS: JSON.stringify(opts.headers) } : {}) },
    },
    { port: 0 },
  );
}
