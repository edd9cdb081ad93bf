// The app's Wrike client against the simulator over loopback: envelopes, JSON-in-query parameters,
// batching by 100, typed errors, one renewal on 401, back-off on 429/5xx honouring Retry-After.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { WrikeApi } from "../../web/wrike/api.ts";
import type { Credentials, RetryNotice, TokenSource } from "../../web/wrike/api-options.ts";
import { AppError } from "../../web/wrike/errors.ts";
import type { Task } from "../../web/wrike/types.ts";
import { simControl, startSimulator, type SimControl, type Simulator } from "../wrike-sim/index.ts";

let sim: Simulator;
let control: SimControl;
let token: string;
let meId: string;
const calls: string[] = [];

/** Stands in for the relay's proxy: /api/v4/<path> goes to http://<X-Wrike-Host>/api/v4/<path>. */
const viaProxy: typeof fetch = async (input, init) => {
  const url = String(input);
  calls.push(url);
  const host = new Headers(init?.headers).get("X-Wrike-Host");
  return fetch(`http://${host}${url}`, init);
};

function fixed(
  creds: Credentials,
  renewed?: Credentials,
): TokenSource & { renewals: string[]; lost: AppError[] } {
  const renewals: string[] = [];
  const lost: AppError[] = [];
  return {
    renewals,
    lost,
    current: async () => creds,
    renew: async (rejected) => {
      renewals.push(rejected);
      if (!renewed) throw new AppError("unauthorized", "no renewal");
      creds = renewed;
      return renewed;
    },
    invalid: (e) => void lost.push(e),
  };
}

function client(tokens: TokenSource, notices: (RetryNotice | null)[] = [], slept: number[] = []): WrikeApi {
  return new WrikeApi({
    tokens,
    fetch: viaProxy,
    online: () => true,
    sleep: async (ms) => void slept.push(ms),
    onRetry: (_id, n) => notices.push(n),
    maxRetries: 5,
  });
}

beforeAll(async () => {
  sim = await startSimulator({ rateLimitPerMinute: 100_000 });
  control = simControl(sim.loginOrigin);
  const ada = sim.users.find((u) => u.email === "ada@acme.test")!;
  meId = ada.id;
  token = ada.accounts.find((a) => a.host === "us")!.permanentToken;
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  calls.length = 0;
  await control.clearFaults();
});

describe("reading", () => {
  it("sends JSON-in-query filters and reads the envelope", async () => {
    const api = client(fixed({ token, host: sim.hosts.us }));
    const res = await api.get<Task>("tasks", { responsibles: [meId], status: "Active", pageSize: 5 });
    expect(res.kind).toBe("tasks");
    expect(res.data).toHaveLength(5);
    expect(res.responseSize).toBeGreaterThan(5);
    expect(res.nextPageToken).toBeTruthy();
    expect(calls[0]).toContain(`responsibles=${encodeURIComponent(JSON.stringify([meId]))}`);
    const next = await api.get<Task>("tasks", { nextPageToken: res.nextPageToken });
    expect(next.data[0]!.id).not.toBe(res.data[0]!.id);
  });

  it("fetches many ids in batches of 100", async () => {
    const api = client(fixed({ token, host: sim.hosts.us }));
    const list = await api.get<Task>("tasks", { responsibles: [meId], pageSize: 150 });
    calls.length = 0;
    const tasks = await api.getByIds<Task>(
      "tasks",
      list.data.map((t) => t.id),
    );
    expect(tasks).toHaveLength(150);
    expect(calls).toHaveLength(2);
  });

  it("maps Wrike's errors to typed ones", async () => {
    const api = client(fixed({ token, host: sim.hosts.us }));
    const bad = await api.get("tasks", { status: "Sleeping" }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AppError);
    expect((bad as AppError).code).toBe("invalid");
    expect((bad as AppError).message).toMatch(/^Wrike refused the request: /);
    const missing = await api.get("tasks/IEAAAAAAKQNOSUCH").catch((e: unknown) => e);
    expect((missing as AppError).code).toBe("not_found");
  });
});

describe("refused tokens", () => {
  it("renews once on 401 and retries with the new token", async () => {
    const tokens = fixed({ token: "expired-token", host: sim.hosts.us }, { token, host: sim.hosts.us });
    const res = await client(tokens).get("contacts", { me: true });
    expect(res.data).toHaveLength(1);
    expect(tokens.renewals).toEqual(["expired-token"]);
    expect(tokens.lost).toEqual([]);
  });

  it("gives up after one renewal: the sign-in is dead", async () => {
    const tokens = fixed({ token: "bad-1", host: sim.hosts.us }, { token: "bad-2", host: sim.hosts.us });
    const e = await client(tokens)
      .get("contacts", { me: true })
      .catch((err: unknown) => err);
    expect((e as AppError).code).toBe("unauthorized");
    expect(tokens.renewals).toEqual(["bad-1"]);
    expect(tokens.lost.map((l) => l.code)).toEqual(["unauthorized"]);
  });

  it("refuses a token on the wrong data centre; with no renewal the sign-in ends", async () => {
    const tokens = fixed({ token, host: sim.hosts.eu });
    const e = await client(tokens)
      .get("contacts", { me: true })
      .catch((err: unknown) => err);
    expect((e as AppError).code).toBe("unauthorized");
    expect(tokens.renewals).toEqual([token]);
    expect(tokens.lost.map((l) => l.code)).toEqual(["unauthorized"]);
  });
});

describe("busy and down", () => {
  it("waits as long as Retry-After says on 429, then succeeds", async () => {
    await control.faults({ target: "api", status: 429, retryAfter: 2, count: 1 });
    const notices: (RetryNotice | null)[] = [];
    const slept: number[] = [];
    const res = await client(fixed({ token, host: sim.hosts.us }), notices, slept).get("account");
    expect(res.data).toHaveLength(1);
    expect(slept).toEqual([2000]);
    expect(notices[0]?.error.code).toBe("busy");
    expect(notices.at(-1)).toBeNull();
  });

  it("retries reads through 5xx with growing delays", async () => {
    await control.faults({ target: "api", status: 503, count: 2 });
    const slept: number[] = [];
    const res = await client(fixed({ token, host: sim.hosts.us }), [], slept).get("account");
    expect(res.data).toHaveLength(1);
    expect(slept).toHaveLength(2);
    expect(slept[1]!).toBeGreaterThan(slept[0]!);
  });

  it("does not repeat a write after a 5xx (it may have happened)", async () => {
    await control.faults({ target: "api", status: 500, count: 1 });
    const slept: number[] = [];
    const e = await client(fixed({ token, host: sim.hosts.us }), [], slept)
      .send("POST", "tasks/IEAAAAAAKQNOSUCH/comments", { text: "hi" })
      .catch((err: unknown) => err);
    expect((e as AppError).code).toBe("unavailable");
    expect(slept).toEqual([]);
  });

  it("stops after maxRetries and reports the last error", async () => {
    await control.faults({ target: "api", status: 502 });
    const api = new WrikeApi({
      tokens: fixed({ token, host: sim.hosts.us }),
      fetch: viaProxy,
      sleep: async () => {},
      maxRetries: 2,
    });
    const e = await api.get("account").catch((err: unknown) => err);
    expect((e as AppError).code).toBe("unavailable");
    expect(calls).toHaveLength(3);
  });
});
