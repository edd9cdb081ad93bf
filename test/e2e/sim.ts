// The e2e simulator's addresses and its /__sim test-control API, for tests that change Wrike's behaviour.

import { E2E_SIM_PORTS } from "../support/stack.ts";

export const SIM_LOGIN = `http://127.0.0.1:${E2E_SIM_PORTS.loginPort}`;
export const SIM_HOSTS = {
  us: `127.0.0.1:${E2E_SIM_PORTS.usPort}`,
  eu: `127.0.0.1:${E2E_SIM_PORTS.euPort}`,
} as const;
import type { SeedUser } from "../wrike-sim/index.ts";

export { E2E_CLIENT } from "../wrike-sim/index.ts";
export type { SeedAccount, SeedUser } from "../wrike-sim/index.ts";

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${SIM_LOGIN}/__sim/${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} /__sim/${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

export const sim = {
  reset: () => control("POST", "reset"),
  faults: (f: {
    target?: "api" | "token" | "all";
    status?: number;
    retryAfter?: number;
    latencyMs?: number;
    drop?: boolean;
    count?: number;
    host?: "us" | "eu";
  }) => control("POST", "faults", f),
  clearFaults: () => control("DELETE", "faults"),
  config: (c: {
    accessTokenTtl?: number;
    refreshTokenTtl?: number;
    rateLimitPerMinute?: number;
    attachmentDownload?: "octet-stream" | "typed" | "typed-no-disposition";
  }) => control("POST", "config", c),
  revoke: (email: string) => control("POST", "revoke", { email }),
  stats: () =>
    control("GET", "stats") as Promise<{
      token: { authorization_code: number; refresh_token: number; errors: number };
      api: number;
    }>,
  users: () => control("GET", "users") as Promise<SeedUser[]>,
};

/** Ada: two accounts (Acme on the US host, Nordlicht on the EU host), so she meets the account chooser. */
export const ADA = {
  email: "ada@acme.test",
  password: "wrike-demo",
  name: "Ada Lovelace",
  account: "Acme Robotics",
};

/** Wrike's API called directly (not through the app) with a seeded permanent token: the truth to compare with. */
export async function wrikeAs(
  email: string,
  hostKey: "us" | "eu" = "us",
): Promise<{
  user: SeedUser;
  get: <T = Record<string, unknown>>(
    path: string,
    query?: Record<string, unknown>,
  ) => Promise<{ data: T[]; responseSize?: number; nextPageToken?: string }>;
}> {
  const user = (await sim.users()).find((u) => u.email === email);
  const account = user?.accounts.find((a) => a.host === hostKey);
  if (!user || !account) throw new Error(`no seeded ${email} on ${hostKey}`);
  return {
    user,
    get: async (path, query = {}) => {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(query))
        p.set(k, typeof v === "object" ? JSON.stringify(v) : String(v));
      const res = await fetch(`http://${SIM_HOSTS[hostKey]}/api/v4/${path}?${p}`, {
        headers: { Authorization: `bearer ${account.permanentToken}` },
      });
      if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return res.json();
    },
  };
}
