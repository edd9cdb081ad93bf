// Reads and validates the relay's configuration once per env: allow-lists, secrets, local (simulator) mode.
import { RelayError } from "./errors.ts";

/** The raw variables the relay reads (a subset of the Worker's Env, plain strings so tests can build one). */
export interface ConfigEnv {
  WRIKE_CLIENT_ID?: string | undefined;
  WRIKE_CLIENT_SECRET?: string | undefined;
  SESSION_SECRET?: string | undefined;
  WRIKE_OAUTH_BASE?: string | undefined;
  WRIKE_API_HOSTS?: string | undefined;
  WRIKE_LOCAL?: string | undefined;
  ALLOWED_ORIGINS?: string | undefined;
  EMBED_ORIGINS?: string | undefined;
  UPSTREAM_TIMEOUT_MS?: string | undefined;
}

export interface RelayConfig {
  clientId: string;
  clientSecret: string;
  /** First seals, all open (rotation). */
  sessionKeys: readonly string[];
  /** Origin plus optional path, no trailing slash: `${oauthBase}/oauth2/token`. */
  oauthBase: string;
  /** Exact, lowercase `host[:port]` values as Wrike's token response names them. */
  apiHosts: readonly string[];
  /** Used when a token response carries no `host`. */
  defaultHost: string;
  /** WRIKE_LOCAL="1": loopback hosts and plain http are allowed (the simulator). */
  local: boolean;
  /** Exact origins that may call /auth/token, /auth/logout and the proxy cross-origin. */
  allowedOrigins: readonly string[];
  /** Origins that may frame /embed. */
  embedOrigins: readonly string[];
  /** How long the proxy and token calls wait for Wrike's response headers. */
  upstreamTimeoutMs: number;
}

/** Shortest accepted SESSION_SECRET entry: 32 bytes (256 bits) once decoded from base64url. */
export const MIN_SECRET_BYTES = 32;
/** The command the error messages name for making a good key. */
export const KEY_COMMAND = `node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`;
const DEFAULT_TIMEOUT_MS = 30_000;

const DNS_LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const DNS_NAME = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})+$`);
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const PORT = /^(?:[1-9]\d{0,4})$/;

/**
 * How many bytes a base64url (or standard base64) key decodes to; undefined when it is not base64 at all.
 * Length alone would accept `passwordpasswordpasswordpassword`, which is 24 bytes of guessable text.
 */
function base64urlBytes(key: string): number | undefined {
  if (!/^[A-Za-z0-9_+/-]+={0,2}$/.test(key)) return undefined;
  const digits = key.replace(/=+$/, "").length;
  if (digits % 4 === 1) return undefined;
  return Math.floor((digits * 6) / 8);
}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** `127.0.0.0/8`, `localhost` or `[::1]`: the only hosts plain http may reach, and only in local mode. */
export function isLoopbackHostname(hostname: string): boolean {
  if (hostname === "localhost" || hostname === "[::1]") return true;
  return IPV4.test(hostname) && hostname.startsWith("127.");
}

function splitHostPort(host: string): { hostname: string; port: string | undefined } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(host);
  return { hostname: match?.[1] ?? "", port: match?.[2] };
}

/** Validates one WRIKE_API_HOSTS entry; returns why not, or undefined when fine. */
function apiHostProblem(host: string, local: boolean): string | undefined {
  if (host !== host.toLowerCase()) return "must be lowercase";
  const { hostname, port } = splitHostPort(host);
  if (port !== undefined && !PORT.test(port)) return "has a bad port";
  if (port !== undefined && Number(port) > 65535) return "has a bad port";
  if (isLoopbackHostname(hostname)) {
    return local ? undefined : "is a loopback host (allowed only with WRIKE_LOCAL=1)";
  }
  if (!DNS_NAME.test(hostname) || IPV4.test(hostname)) return "is not a DNS host name";
  if (port !== undefined && !local) return "has a port (allowed only with WRIKE_LOCAL=1)";
  return undefined;
}

function parseOrigin(value: string, local: boolean, what: string, problems: string[]): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${what} "${value}" is not a URL`);
    return "";
  }
  if (url.origin !== value) {
    problems.push(`${what} "${value}" must be an exact origin (scheme://host[:port], no path)`);
  } else if (url.protocol === "http:" && !(local && isLoopbackHostname(url.hostname))) {
    problems.push(`${what} "${value}" must be https (http only for loopback with WRIKE_LOCAL=1)`);
  } else if (url.protocol !== "https:" && url.protocol !== "http:") {
    problems.push(`${what} "${value}" must be https`);
  }
  return url.origin;
}

function parseOauthBase(value: string, local: boolean, problems: string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push("WRIKE_OAUTH_BASE is not a URL");
    return "";
  }
  const http = url.protocol === "http:";
  if (url.protocol !== "https:" && !(http && local && isLoopbackHostname(url.hostname))) {
    problems.push("WRIKE_OAUTH_BASE must be https (http only for loopback with WRIKE_LOCAL=1)");
  }
  if (url.username || url.password || url.search || url.hash) {
    problems.push("WRIKE_OAUTH_BASE must not carry credentials, a query or a fragment");
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** Parses the env; throws `not_configured` naming what is wrong (never a secret's value). */
export function parseConfig(env: ConfigEnv): RelayConfig {
  const problems: string[] = [];
  const local = env.WRIKE_LOCAL === "1";

  const clientId = (env.WRIKE_CLIENT_ID ?? "").trim();
  if (!clientId) problems.push("WRIKE_CLIENT_ID is missing");
  const clientSecret = env.WRIKE_CLIENT_SECRET ?? "";
  if (!clientSecret) problems.push("WRIKE_CLIENT_SECRET is missing");

  const sessionKeys = list(env.SESSION_SECRET);
  if (sessionKeys.length === 0) problems.push("SESSION_SECRET is missing");
  sessionKeys.forEach((key, i) => {
    const bytes = base64urlBytes(key);
    if (bytes === undefined || bytes < MIN_SECRET_BYTES) {
      problems.push(
        `SESSION_SECRET entry ${i + 1} is not ${MIN_SECRET_BYTES} random bytes as base64url ` +
          `(make one with: ${KEY_COMMAND})`,
      );
    }
  });

  const oauthBase = parseOauthBase(env.WRIKE_OAUTH_BASE || "https://login.wrike.com", local, problems);

  const apiHosts = list(env.WRIKE_API_HOSTS);
  if (apiHosts.length === 0) problems.push("WRIKE_API_HOSTS is empty");
  for (const host of apiHosts) {
    const problem = apiHostProblem(host, local);
    if (problem) problems.push(`WRIKE_API_HOSTS entry "${host}" ${problem}`);
  }

  const allowedOrigins = list(env.ALLOWED_ORIGINS).map((o) =>
    parseOrigin(o, local, "ALLOWED_ORIGINS entry", problems),
  );
  const embedOrigins = list(env.EMBED_ORIGINS).map((o) =>
    parseOrigin(o, local, "EMBED_ORIGINS entry", problems),
  );

  // An embedder's page shares the partition of its visitors' embed cookies: if it could also call
  // /auth/token with credentials (CORS), it could read their tokens.
  for (const origin of embedOrigins.filter((o) => o !== "" && allowedOrigins.includes(o))) {
    problems.push(
      `"${origin}" is in both ALLOWED_ORIGINS and EMBED_ORIGINS (an embedding page must not be able to call the relay with its visitors' cookies)`,
    );
  }

  let upstreamTimeoutMs = DEFAULT_TIMEOUT_MS;
  if (env.UPSTREAM_TIMEOUT_MS) {
    upstreamTimeoutMs = Number(env.UPSTREAM_TIMEOUT_MS);
    if (!Number.isInteger(upstreamTimeoutMs) || upstreamTimeoutMs < 100) {
      problems.push("UPSTREAM_TIMEOUT_MS must be an integer of at least 100");
    }
  }

  if (problems.length > 0) {
    throw new RelayError("not_configured", `The relay is not configured: ${problems.join("; ")}.`);
  }
  return {
    clientId,
    clientSecret,
    sessionKeys,
    oauthBase,
    apiHosts,
    defaultHost: apiHosts[0] as string,
    local,
    allowedOrigins,
    embedOrigins,
    upstreamTimeoutMs,
  };
}

/** The scheme for a configured API host: http only for loopback hosts in local mode. */
export function apiScheme(config: Pick<RelayConfig, "local">, host: string): "http" | "https" {
  return config.local && isLoopbackHostname(splitHostPort(host).hostname) ? "http" : "https";
}

/** Origins already worked out, per configuration (the proxy asks on every call). */
const origins = new WeakMap<object, Map<string, string>>();

/** `scheme://host` of an allow-listed API host. */
export function apiOrigin(config: Pick<RelayConfig, "local">, host: string): string {
  let known = origins.get(config);
  if (!known) origins.set(config, (known = new Map()));
  let origin = known.get(host);
  if (origin === undefined) {
    origin = `${apiScheme(config, host)}://${host}`;
    // Bounded: a configuration has a handful of hosts, but callers may ask about any string.
    if (known.size < 64) known.set(host, origin);
  }
  return origin;
}

/**
 * The image sources of the app's CSP: Wrike's own data-centre hosts (avatars and images in descriptions
 * live there; the app shows no other image), the loopback simulator's over http in local mode.
 */
export function imageOrigins(config: Pick<RelayConfig, "local" | "apiHosts">): string[] {
  return config.apiHosts.map((host) => apiOrigin(config, host));
}

const cache = new WeakMap<object, RelayConfig | RelayError>();

/**
 * Parses once per env object (Workers hand the same env to every request of an isolate); a broken
 * configuration is remembered too, and its `not_configured` thrown again without parsing again.
 */
export function configFor(env: ConfigEnv): RelayConfig {
  let config = cache.get(env);
  if (!config) {
    try {
      config = parseConfig(env);
    } catch (err) {
      if (!(err instanceof RelayError)) throw err;
      config = err;
    }
    cache.set(env, config);
  }
  if (config instanceof RelayError) throw config;
  return config;
}
