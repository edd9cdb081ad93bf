// The app's Wrike client signed in as a simulator user with a permanent token, calls going straight to the
// data centre the X-Wrike-Host header names (standing in for the relay's proxy). No retries: a fault reaches
// the caller.
import { WrikeApi } from "../../web/wrike/api.ts";
import type { TokenSource } from "../../web/wrike/api-options.ts";
import type { Simulator } from "../wrike-sim/index.ts";

/** Stands in for the relay's proxy: /api/v4/<path> goes to http://<X-Wrike-Host>/api/v4/<path>. */
export const viaProxy: typeof fetch = async (input, init) =>
  fetch(`http://${new Headers(init?.headers).get("X-Wrike-Host")}${String(input)}`, init);

export interface SimApi {
  api: WrikeApi;
  token: string;
  userId: string;
}

/** `via` replaces the stand-in proxy (a test that records the calls wraps viaProxy). */
export function simApi(sim: Simulator, via: typeof fetch = viaProxy, email = "ada@acme.test"): SimApi {
  const user = sim.users.find((u) => u.email === email)!;
  const token = user.accounts.find((a) => a.host === "us")!.permanentToken;
  const tokens: TokenSource = {
    current: async () => ({ token, host: sim.hosts.us }),
    renew: async () => ({ token, host: sim.hosts.us }),
    invalid: () => {},
  };
  const api = new WrikeApi({
    tokens,
    fetch: via,
    online: () => true,
    sleep: async () => {},
    maxRetries: 0,
  });
  return { api, token, userId: user.id };
}

/** The session the timer and My week read, signed in as the simulator user `api` is (London, en-GB). */
export async function timerSession(api: WrikeApi) {
  const account = (await api.get<{ id: string; name: string; firstDayOfWeek?: string }>("account")).data[0]!;
  const me = (await api.get<{ id: string; firstName: string; lastName: string }>("contacts", { me: true }))
    .data[0]!;
  return {
    state: "signed-in",
    me,
    userId: me.id,
    account,
    canWrite: true as const,
    timeZone: "Europe/London",
    locale: "en-GB",
  };
}
