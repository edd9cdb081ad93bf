// Sign-out that tells the truth: POST /auth/logout's answers classified (done, or not yet), the retry
// loop with its storage flag shared between tabs, what is left in storage afterwards, and storage that
// the browser denies. The relay is stood in for by a loopback HTTP server answering as it does.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../web/wrike/errors.ts";
import { logout } from "../../web/session/relay.ts";
import { RelaySignOut, notEndedMessage } from "../../web/session/signout.ts";
import { SESSION_KEYS, readItem, removeItem, writeItem } from "../../web/platform/storage.ts";

/** A Storage like the browser's, kept in memory. */
class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  [name: string]: unknown;
  get length() {
    return this.#items.size;
  }
  clear() {
    this.#items.clear();
  }
  getItem(k: string) {
    return this.#items.get(k) ?? null;
  }
  key(i: number) {
    return [...this.#items.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.#items.delete(k);
  }
  setItem(k: string, v: string) {
    this.#items.set(k, String(v));
  }
  keys() {
    return [...this.#items.keys()];
  }
}

let local: MemoryStorage;
let session: MemoryStorage;

function provideStorage(): void {
  local = new MemoryStorage();
  session = new MemoryStorage();
  Object.defineProperty(globalThis, "localStorage", { value: local, configurable: true });
  Object.defineProperty(globalThis, "sessionStorage", { value: session, configurable: true });
}

/** As a browser that blocks site data: touching either storage throws a SecurityError. */
function denyStorage(): void {
  const denied = () => {
    throw new DOMException("The operation is insecure.", "SecurityError");
  };
  Object.defineProperty(globalThis, "localStorage", { get: denied, configurable: true });
  Object.defineProperty(globalThis, "sessionStorage", { get: denied, configurable: true });
}

afterEach(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage;
  delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
});

// The relay's /auth/logout, answering from a queue (the last answer repeats).
type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | "drop" | "hang";
let answers: Answer[] = [];
let seen: { path: string; method: string; csrf: string | undefined }[] = [];
let server: Server;
let base = "";

function answer(res: ServerResponse, a: Answer): void {
  if (a === "hang") return;
  if (a === "drop") {
    res.socket?.destroy();
    return;
  }
  res.writeHead(a.status, { "Content-Type": "application/json", ...a.headers });
  res.end(a.body === undefined ? undefined : JSON.stringify(a.body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({
      path: req.url ?? "",
      method: req.method ?? "",
      csrf: req.headers["x-requested-with"] as string | undefined,
    });
    answer(res, answers.length > 1 ? answers.shift()! : answers[0]!);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  answers = [{ status: 204 }];
  seen = [];
});

const relayFetch: typeof fetch = (input, init) => fetch(`${base}${String(input)}`, init);
const ended = { status: 204 } as const;
const noSession = { status: 401, body: { error: "not_signed_in", message: "No session." } } as const;
const down = { status: 503, body: { error: "internal_error", message: "Internal error." } } as const;

describe("POST /auth/logout", () => {
  it("is done on 204, sent as the app's CSRF-guarded POST", async () => {
    await expect(logout(relayFetch)).resolves.toBeUndefined();
    expect(seen).toEqual([{ path: "/auth/logout", method: "POST", csrf: expect.any(String) }]);
  });

  it("is done on 401 not_signed_in (there is no session to end)", async () => {
    answers = [noSession];
    await expect(logout(relayFetch)).resolves.toBeUndefined();
  });

  it("is not done on 5xx, 429 (with its Retry-After), a refusal, a dropped connection or no answer", async () => {
    answers = [down];
    await expect(logout(relayFetch)).rejects.toMatchObject({ code: "unavailable", transient: true });
    answers = [
      { status: 429, headers: { "Retry-After": "7" }, body: { error: "rate_limited", message: "x" } },
    ];
    await expect(logout(relayFetch)).rejects.toMatchObject({ code: "busy", retryAfter: 7 });
    answers = [{ status: 403, body: { error: "csrf_rejected", message: "x" } }];
    await expect(logout(relayFetch)).rejects.toMatchObject({ code: "refused" });
    answers = [{ status: 401, body: { error: "not_authorized" } }];
    await expect(logout(relayFetch)).rejects.toMatchObject({ code: "unauthorized" });
    answers = ["drop"];
    await expect(logout(relayFetch)).rejects.toMatchObject({ code: "network" });
    answers = ["hang"];
    const started = Date.now();
    await expect(logout(relayFetch, 300)).rejects.toMatchObject({ code: "network" });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe("the relay sign-out", () => {
  function signOut(waits: number[] = [], channel: string | null = null): RelaySignOut {
    return new RelaySignOut({
      logout: () => logout(relayFetch, 2000),
      channel,
      wait: async (ms) => void waits.push(ms),
      random: () => 0.5,
    });
  }

  it("keeps its flag in storage and retries with back-off until the relay ends the session", async () => {
    provideStorage();
    writeItem(SESSION_KEYS.newestExpiry, "1900000000");
    answers = [down, "drop", { status: 429, headers: { "Retry-After": "5" } }, ended];
    const waits: number[] = [];
    const s = signOut(waits);
    const retries: string[] = [];
    const flagDuringRetries: (string | null)[] = [];
    let endedCalls = 0;
    s.listen({
      onRetry: (e) => {
        retries.push(e.code);
        flagDuringRetries.push(readItem(SESSION_KEYS.signingOut));
      },
      onEnded: () => endedCalls++,
    });
    const done = s.end();
    expect(s.pending).toBe(true);
    await done;
    expect(retries).toEqual(["unavailable", "network", "busy"]);
    expect(waits).toEqual([1000, 2000, 5000]);
    expect(flagDuringRetries).toEqual(["1", "1", "1"]);
    expect(endedCalls).toBe(1);
    expect(seen).toHaveLength(4);
    // Nothing of the session is left, and nothing pends.
    expect(s.pending).toBe(false);
    expect(local.keys()).toEqual([]);
    s.close();
  });

  it("counts 401 not_signed_in as done at once", async () => {
    provideStorage();
    answers = [noSession];
    const waits: number[] = [];
    const s = signOut(waits);
    await s.end();
    expect(waits).toEqual([]);
    expect(s.pending).toBe(false);
    s.close();
  });

  it("a later page load sees the flag of a sign-out that never reached the relay", async () => {
    provideStorage();
    answers = ["drop"];
    const first = signOut();
    let attempts = 0;
    first.listen({ onRetry: () => attempts++ });
    void first.end();
    await expect.poll(() => attempts).toBeGreaterThan(0);
    first.close(); // the tab goes away, still offline

    const reloaded = signOut();
    expect(reloaded.pending).toBe(true);
    answers = [ended];
    await reloaded.end();
    expect(reloaded.pending).toBe(false);
    expect(readItem(SESSION_KEYS.signingOut)).toBeNull();
  });

  it("stops in every tab when one of them has ended the session", async () => {
    provideStorage();
    const name = `signout-test-${Math.random()}`;
    // Tab A cannot reach the relay; tab B can, a moment later.
    answers = ["drop"];
    const aWaits: number[] = [];
    let aRetries = 0;
    const a = new RelaySignOut({
      logout: () => logout(relayFetch, 2000),
      channel: name,
      wait: (ms, signal) =>
        new Promise((r) => {
          aWaits.push(ms);
          const t = setTimeout(r, 60_000);
          signal.addEventListener("abort", () => (clearTimeout(t), r()));
        }),
    });
    let aEnded = 0;
    a.listen({ onRetry: () => aRetries++, onEnded: () => aEnded++ });
    const aDone = a.end();
    await expect.poll(() => aRetries).toBe(1);
    const b = signOut([], name);
    expect(b.pending).toBe(true);
    answers = [ended];
    const before = seen.length;
    await b.end();
    // A hears it (well before its minute-long wait is over) and makes no further attempt.
    await aDone;
    expect(aEnded).toBe(1);
    expect(seen.length - before).toBe(1);
    expect(a.pending || b.pending).toBe(false);
    a.close();
    b.close();
  });

  it("works where the browser denies storage (the flag lives in memory)", async () => {
    denyStorage();
    answers = [down, ended];
    const s = signOut();
    let pendingDuringRetry = false;
    s.listen({ onRetry: () => (pendingDuringRetry = s.pending) });
    await s.end();
    expect(pendingDuringRetry).toBe(true);
    expect(s.pending).toBe(false);
    s.close();
  });
});

describe("storage access", () => {
  it("never throws where storage is denied", () => {
    denyStorage();
    expect(readItem(SESSION_KEYS.permanent)).toBeNull();
    expect(writeItem(SESSION_KEYS.permanent, "x")).toBe(false);
    expect(removeItem(SESSION_KEYS.newestExpiry)).toBe(false);
  });

  it("reads, writes and removes in the right area", () => {
    provideStorage();
    expect(writeItem(SESSION_KEYS.permanent, "p")).toBe(true);
    expect(writeItem(SESSION_KEYS.newestExpiry, "1")).toBe(true);
    expect(session.getItem("wrike-pane-permanent")).toBe("p");
    expect(local.getItem("wrike-pane-newest-expiry")).toBe("1");
    expect(removeItem(SESSION_KEYS.permanent)).toBe(true);
    expect(readItem(SESSION_KEYS.permanent)).toBeNull();
  });
});

describe("what the person reads while it is not done", () => {
  it("says plainly that the session is not ended yet and that it keeps trying", () => {
    const errors = [
      new AppError("offline", "You are offline."),
      new AppError("network", "Could not reach Wrike Pane's relay."),
      new AppError("busy", "Busy."),
      new AppError("unavailable", "Down."),
      new AppError("refused", "The relay refused the request from this page."),
    ];
    for (const e of errors) {
      const text = notEndedMessage(e);
      expect(text).toContain("Your session could not be ended on this device yet");
      expect(text).toContain("keeps trying");
      expect(text).not.toMatch(/You signed out/);
    }
    expect(notEndedMessage(errors[0]!)).toContain("when you are back online");
    expect(notEndedMessage(errors[4]!)).toContain("refused the request from this page");
  });
});
