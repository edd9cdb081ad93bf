// The app page's inline script (web/index.html) asks for the first token on the same conditions, with the
// same request, as the app's own code (web/session/early-token.ts, relay.ts): run in a VM with a fake
// page, each condition is tried both ways.
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { CSRF_HEADER, CSRF_HEADER_VALUE } from "../../worker/shared/contract.ts";
import { SESSION_KEYS } from "../../web/platform/storage.ts";
import {
  KEPT_DB,
  KEPT_EARLY_OPEN,
  KEPT_EARLY_READS,
  KEPT_SCOPE_KEY,
  keptKey,
} from "../../web/platform/kept.ts";
import { hasRelaySessionHint } from "../../web/session/relay.ts";

const html = readFileSync(new URL("../../web/index.html", import.meta.url), "utf8");
const script = /<script data-early-token>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";

interface Page {
  cookie: string;
  local?: Record<string, string>;
  session?: Record<string, string>;
  storageDenied?: boolean;
  /** What the kept copy's database holds, by key. */
  kept?: Record<string, unknown>;
  openFails?: boolean;
}

/** Runs the script in a page like `p`; returns the fetches it made and what it left on the window. */
function run(p: Page) {
  const fetches: { url: string; init: RequestInit }[] = [];
  const store = (m: Record<string, string>) => ({ getItem: (k: string) => m[k] ?? null });
  const denied = {
    getItem: () => {
      throw new Error("SecurityError");
    },
  };
  const window: Record<string, unknown> = {};
  const opened: { name: string; version: number; stores: string[] }[] = [];
  const gets: { store: string; mode: string; key: string }[] = [];
  const indexedDB = {
    open(name: string, version: number) {
      const o = { name, version, stores: [] as string[] };
      opened.push(o);
      const listeners: Record<string, (() => void)[]> = {};
      const req: {
        onupgradeneeded?: () => void;
        result: unknown;
        addEventListener(type: string, f: () => void): void;
      } = {
        result: {
          createObjectStore: (s: string) => void o.stores.push(s),
          transaction: (store: string, mode: string) => ({
            objectStore: () => ({
              get(key: string) {
                gets.push({ store, mode, key });
                const r: { onsuccess?: () => void; result: unknown } = { result: p.kept?.[key] };
                queueMicrotask(() => r.onsuccess?.());
                return r;
              },
            }),
          }),
        },
        addEventListener: (type, f) => void (listeners[type] ??= []).push(f),
      };
      // The upgrade and the success run after the script (a browser fires them from tasks).
      queueMicrotask(() => {
        req.onupgradeneeded?.();
        for (const f of p.openFails ? (listeners.error ?? []) : (listeners.success ?? [])) f();
      });
      return req;
    },
  };
  runInNewContext(script, {
    window,
    indexedDB,
    document: { cookie: p.cookie },
    localStorage: p.storageDenied ? denied : store(p.local ?? {}),
    sessionStorage: p.storageDenied ? denied : store(p.session ?? {}),
    fetch: (url: string, init: RequestInit) => {
      fetches.push({ url, init });
      return Promise.resolve(new Response("{}"));
    },
  });
  return { fetches, opened, gets, window };
}

describe("the page's early token script", () => {
  it("is in the page", () => {
    expect(script).toContain("fetch(");
  });

  it("asks exactly when the app would: the relay's hint, no sign-out pending, no permanent token", () => {
    const cookies = ["__Host-wp_present=1", "a=b; wp_present=1", "wp_present=0", "xwp_present=1", ""];
    for (const cookie of cookies) {
      const asked = run({ cookie }).fetches.length === 1;
      expect(asked, cookie).toBe(hasRelaySessionHint({ cookie }));
    }
    expect(run({ cookie: "wp_present=1", local: { [SESSION_KEYS.signingOut.key]: "1" } }).fetches).toEqual(
      [],
    );
    expect(run({ cookie: "wp_present=1", session: { [SESSION_KEYS.permanent.key]: "{}" } }).fetches).toEqual(
      [],
    );
    // Storage denied: the app's own code decides instead (it reads storage through SafeStorage).
    expect(run({ cookie: "wp_present=1", storageDenied: true }).fetches).toEqual([]);
  });

  it("sends the app's request, and leaves its answer for the app", () => {
    const { fetches, window } = run({ cookie: "__Host-wp_present=1" });
    const sent = window.wrikePaneEarlyToken;
    expect(fetches).toHaveLength(1);
    const { url, init } = fetches[0]!;
    expect(url).toBe("/auth/token");
    expect(init.method).toBe("POST");
    expect(init.credentials).toBe("same-origin");
    expect(init.cache).toBe("no-store");
    expect(new Headers(init.headers).get(CSRF_HEADER)).toBe(CSRF_HEADER_VALUE);
    expect(init.body).toBeUndefined();
    expect(sent).toBeInstanceOf(Promise);
  });

  it("opens the kept copy's database as the app does, and leaves the request where the app takes it", async () => {
    const { opened, window } = run({ cookie: "wp_present=1" });
    expect(opened.map((o) => [o.name, o.version])).toEqual([[KEPT_DB, 1]]);
    expect(window[KEPT_EARLY_OPEN]).toBeDefined();
    await Promise.resolve();
    // A first open makes the one store the app's KeyValue uses (web/platform/idb.ts).
    expect(opened[0]!.stores).toEqual(["kept"]);
    expect(run({ cookie: "" }).opened).toEqual([]);
  });

  it("reads the last scope's profile and My work in one read-only go, under the keys the app reads", async () => {
    const scope = { host: "www.wrike.com", userId: "KUADA", accountId: "ACME" };
    const raw = JSON.stringify(scope);
    const kept = {
      [keptKey(scope, "profile")]: { at: 1, value: "p" },
      [keptKey(scope, "work")]: { at: 2, value: "w" },
    };
    const { gets, window } = run({ cookie: "wp_present=1", local: { [KEPT_SCOPE_KEY.key]: raw }, kept });
    const early = window[KEPT_EARLY_READS] as { scope: string; reads: Promise<unknown> };
    expect(early.scope).toBe(raw);
    expect(await early.reads).toEqual({
      profile: kept[keptKey(scope, "profile")],
      work: kept[keptKey(scope, "work")],
    });
    expect(gets).toEqual([
      { store: "kept", mode: "readonly", key: keptKey(scope, "profile") },
      { store: "kept", mode: "readonly", key: keptKey(scope, "work") },
    ]);
  });

  it("leaves no reads without a scope, a readable scope or an open database (the app then reads itself)", async () => {
    const none = run({ cookie: "wp_present=1" });
    expect(await (none.window[KEPT_EARLY_READS] as { reads: Promise<unknown> }).reads).toBeNull();
    expect(none.gets).toEqual([]);
    const tampered = run({ cookie: "wp_present=1", local: { [KEPT_SCOPE_KEY.key]: "not json" } });
    expect(await (tampered.window[KEPT_EARLY_READS] as { reads: Promise<unknown> }).reads).toBeNull();
    const failed = run({
      cookie: "wp_present=1",
      local: { [KEPT_SCOPE_KEY.key]: JSON.stringify({ host: "h", userId: "u", accountId: "a" }) },
      openFails: true,
    });
    expect(await (failed.window[KEPT_EARLY_READS] as { reads: Promise<unknown> }).reads).toBeNull();
    expect(failed.gets).toEqual([]);
    expect(run({ cookie: "" }).window[KEPT_EARLY_READS]).toBeUndefined();
  });
});
