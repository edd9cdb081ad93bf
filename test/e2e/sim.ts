// The e2e simulator's addresses and its /__sim test-control client, for tests that change Wrike's behaviour.

import { simControl, type SeedUser } from "../wrike-sim/index.ts";
import { e2eClient } from "../support/stack.ts";
import { E2E_APP_ORIGIN, E2E_SIM } from "./env.ts";

export const SIM_LOGIN = E2E_SIM.login;
export const SIM_HOSTS = E2E_SIM.hosts;

/** The OAuth client global-setup.ts registered for this run's app origin. */
export const E2E_CLIENT = e2eClient(E2E_APP_ORIGIN);
export type { SeedAccount, SeedUser } from "../wrike-sim/index.ts";

/** The e2e simulator's /__sim controls (reset, faults, config, revoke, stats, users). */
export const sim = simControl(SIM_LOGIN);

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
