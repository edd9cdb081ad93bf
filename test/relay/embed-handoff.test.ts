// The embed sign-in hand-off against the simulator: the popup binds its session to the frame's nonce,
// the frame redeems it once with its own request; pending, replay, expiry, wrong nonces and CSRF.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { handoffKey, handoffPurpose } from "../../worker/lib/handoff.ts";
import { unseal } from "../../worker/lib/seal.ts";
import { flowPurpose, SESSION_PURPOSE } from "../../worker/lib/session.ts";
import {
  boxOf,
  embedLoginQuery,
  newNonce,
  openPopup,
  popupSignIn,
  redeem,
  secretsOf,
  sessionCookieLines,
} from "./embed-helpers.ts";
import {
  ADA_EU,
  api,
  consentAtWrike,
  CookieJar,
  errorOf,
  GRACE,
  openSession,
  popupPage,
  RELAY,
  relay,
  resetSim,
  SESSION_COOKIE,
  sessionCookiesSet,
  SIM_EU,
  SIM_US,
  simStats,
  token,
} from "./helpers.ts";

const KEYS = env.SESSION_SECRET!.split(",");

beforeEach(resetSim);

interface StoredEntry {
  state: string;
  until: number;
  sealed?: string;
}

async function stored(nonce: string): Promise<StoredEntry | undefined> {
  return runInDurableObject(await boxOf(nonce), (_instance, state) =>
    state.storage.get<StoredEntry>("entry"),
  );
}

describe("the popup binds its sign-in to the frame's nonce", () => {
  it("hands the session over once: no cookie in the popup, a TokenResponse and the frame's own cookie", async () => {
    const nonce = newNonce();
    const { popupJar, callback } = await popupSignIn(nonce);
    expect(callback.status).toBe(200);
    expect(callback.headers.get("cache-control")).toBe("no-store");
    // The first-party popup gets no session (the frame could not see it) and its flow cookie is gone.
    expect(sessionCookiesSet(callback)).toEqual([]);
    expect(popupJar.cookies.size).toBe(0);

    const frameJar = new CookieJar();
    const res = await redeem(nonce, frameJar);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_at", "host", "scope", "user_id"]);
    expect(body).toMatchObject({ host: SIM_US, scope: "wsReadOnly" });
    expect(body.expires_at).toBeGreaterThan(Date.now() / 1000 + 3500);

    const session = await openSession(frameJar.get(SESSION_COOKIE));
    expect(session).toMatchObject({ v: 1, embed: true, host: SIM_US, at: body.access_token });
    // The token is Wrike's: the API answers for Grace through the proxy.
    const me = await api("contacts?me=true", String(body.access_token), SIM_US);
    expect(me.status).toBe(200);
    expect(await me.text()).toContain("grace@acme.test");
    // And the frame's cookie is an ordinary session for /auth/token from then on.
    const again = await token(frameJar);
    expect(again.res.status).toBe(200);
    expect(again.body.access_token).toBe(body.access_token);
    expect((await simStats()).token.authorization_code).toBe(1);
  });

  it("posts the redemption code to the opener on the relay's own origin only, and keeps the pairing code hidden until needed", async () => {
    const { callback, secrets } = await popupSignIn(newNonce());
    const { html } = await popupPage(callback);
    expect(secrets).toBeDefined();
    // The code goes only to window.opener, with the relay's exact origin as the target.
    expect(html).toContain(
      `window.opener.postMessage({"type":"wrike-pane:handoff-ready","code":"${secrets!.code}"}, window.location.origin)`,
    );
    expect(html).not.toMatch(/postMessage\([^)]*"\*"/);
    // The window closes only when the pane acknowledges, from the opener and this origin.
    expect(html).toContain("e.source !== window.opener");
    expect(html).toContain('"wrike-pane:handoff-ack"');
    // The code is never page text; the pairing code is, but hidden until no pane answered.
    const text = html.replace(/<script[\s\S]*?<\/script>/g, "");
    expect(text).not.toContain(secrets!.code);
    expect(text).toMatch(/<section id="pairing" hidden>/);
    expect(text).toContain(secrets!.pairing);
    expect(text).toContain("Only type this code into the Wrike Pane you started signing in from");
    // No token or session in the page.
    expect(html).not.toMatch(/access_token|refresh_token|v1\./);
  });

  it("keeps the data centre Wrike names (EU account)", async () => {
    const nonce = newNonce();
    await popupSignIn(nonce, ADA_EU);
    const res = await redeem(nonce);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ host: SIM_EU });
  });

  it("stores only hashes: the flow cookie and the Durable Object never hold the nonce, nor a usable cookie", async () => {
    const nonce = newNonce();
    const { jar, authorizeUrl } = await openPopup(nonce);
    expect(authorizeUrl).not.toContain(nonce);
    const [flowName, flowValue] = [...jar.cookies][0]!;
    const flowId = flowName.replace(/^__Host-wp_flow_/, "");
    const flow = await unseal(KEYS, flowPurpose(flowId), flowValue);
    expect(JSON.stringify(flow)).not.toContain(nonce);
    expect(flow).toMatchObject({ mode: "popup", return_to: "/embed", handoff: await handoffKey(nonce) });

    await popupSignIn(nonce);
    const entry = await stored(nonce);
    expect(entry?.state).toBe("ready");
    expect(JSON.stringify(entry)).not.toContain(nonce);
    // The stored value is sealed for this hand-off only: it does not open as a session cookie.
    expect(await unseal(KEYS, SESSION_PURPOSE, entry!.sealed!)).toBeUndefined();
    const opened = await unseal(KEYS, handoffPurpose(await handoffKey(nonce)), entry!.sealed!);
    expect(opened).toMatchObject({ v: 1, embed: true, host: SIM_US });
  });
});

describe("redeeming: pending, replay, wrong nonce, expiry", () => {
  it("answers handoff_pending while the popup has not finished, then the session once it has", async () => {
    const nonce = newNonce();
    const { jar, authorizeUrl } = await openPopup(nonce);
    const early = await redeem(nonce);
    expect(early.status).toBe(404);
    expect(await errorOf(early)).toBe("handoff_pending");
    expect(early.headers.getSetCookie()).toEqual([]);
    // Polling does not use the hand-off up.
    expect((await redeem(nonce)).status).toBe(404);

    const back = await consentAtWrike(authorizeUrl, GRACE);
    const callback = await relay(`${back.pathname}${back.search}`, { jar });
    expect(callback.status).toBe(200);
    const secrets = secretsOf(await callback.text());
    const done = await redeem(nonce, new CookieJar(), {}, {}, { code: secrets?.code });
    expect(done.status).toBe(200);
  });

  it("refuses a replay: a redeemed hand-off cannot be redeemed twice", async () => {
    const nonce = newNonce();
    await popupSignIn(nonce);
    expect((await redeem(nonce)).status).toBe(200);
    const replay = await redeem(nonce);
    expect(replay.status).toBe(410);
    expect(await errorOf(replay)).toBe("handoff_invalid");
    expect(replay.headers.getSetCookie()).toEqual([]);
    // Nor can the spent nonce start a new sign-in.
    const relogin = await relay(`/auth/login?${embedLoginQuery(nonce)}`);
    expect(relogin.status).toBe(410);
    expect(await errorOf(relogin)).toBe("handoff_invalid");
    expect(relogin.headers.get("location")).toBeNull();
  });

  it("lets exactly one of many simultaneous redemptions win", async () => {
    // Several rounds: a race that loses only now and then must still fail this test.
    for (let round = 0; round < 6; round++) {
      const nonce = newNonce();
      await popupSignIn(nonce);
      const results = await Promise.all(Array.from({ length: 8 }, () => redeem(nonce)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 410, 410, 410, 410, 410, 410, 410]);
      expect(results.filter((r) => sessionCookieLines(r).length > 0)).toHaveLength(1);
    }
  });

  it("gives nothing for a well-formed nonce that is not the one the popup used", async () => {
    const nonce = newNonce();
    await popupSignIn(nonce);
    const wrong = await redeem(newNonce());
    expect(wrong.status).toBe(410);
    expect(await errorOf(wrong)).toBe("handoff_invalid");
    expect(wrong.headers.getSetCookie()).toEqual([]);
    // A nonce one character off is just as unknown; the real one still works afterwards.
    const near = `${nonce.slice(0, -1)}${nonce.endsWith("A") ? "B" : "A"}`;
    expect((await redeem(near)).status).toBe(410);
    expect((await redeem(nonce)).status).toBe(200);
  });

  it.each([
    ["a short nonce", "abc"],
    ["a long nonce", `${newNonce()}A`],
    ["a nonce with other characters", `${newNonce().slice(0, 42)}=`],
    ["a number", 12345],
    ["no nonce", undefined],
    ["null", null],
  ])("refuses %s as a malformed request", async (_name, nonce) => {
    const res = await redeem(nonce);
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe("bad_request");
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("refuses a body that is not JSON, or too large", async () => {
    const headers = { origin: RELAY, "content-type": "application/json" };
    const garbage = await relay("/auth/handoff", { method: "POST", headers, body: "{nonce:" });
    expect(garbage.status).toBe(400);
    const big = await relay("/auth/handoff", {
      method: "POST",
      headers,
      body: JSON.stringify({ nonce: newNonce(), pad: "x".repeat(2000) }),
    });
    expect(big.status).toBe(400);
  });

  it("refuses sign-in links with a malformed hand-off or a hand-off outside the popup mode", async () => {
    const bad = await relay("/auth/login?mode=popup&return_to=%2Fembed&handoff=short");
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toBe("bad_request");
    expect(bad.headers.getSetCookie()).toEqual([]);
    const redirect = await relay(`/auth/login?mode=redirect&return_to=%2Fembed&handoff=${newNonce()}`);
    expect(redirect.status).toBe(400);
    expect(await errorOf(redirect)).toBe("bad_request");
  });

  it("expires a bound hand-off after five minutes, and the alarm clears the object", async () => {
    const nonce = newNonce();
    const before = Date.now();
    await popupSignIn(nonce);
    const entry = await stored(nonce);
    expect(entry?.state).toBe("ready");
    expect(entry!.until).toBeGreaterThanOrEqual(before + 300_000);
    expect(entry!.until).toBeLessThanOrEqual(Date.now() + 300_000);
    // Five minutes pass (the stored deadline is moved, as the clock cannot be).
    await runInDurableObject(await boxOf(nonce), (_i, state) =>
      state.storage.put("entry", { ...entry, until: Date.now() - 1 }),
    );
    const late = await redeem(nonce);
    expect(late.status).toBe(410);
    expect(await errorOf(late)).toBe("handoff_invalid");
    expect(late.headers.getSetCookie()).toEqual([]);
    expect(await stored(nonce)).toBeUndefined();
  });

  it("lets the alarm delete an expired entry nobody asked for again", async () => {
    const nonce = newNonce();
    await popupSignIn(nonce);
    const box = await boxOf(nonce);
    await runInDurableObject(box, async (_i, state) => {
      const entry = await state.storage.get<StoredEntry>("entry");
      await state.storage.put("entry", { ...entry, until: Date.now() - 1 });
    });
    expect(await runDurableObjectAlarm(box)).toBe(true);
    expect(await stored(nonce)).toBeUndefined();
  });

  it("does not bind a sign-in whose pending hand-off expired meanwhile", async () => {
    const nonce = newNonce();
    const { jar, authorizeUrl } = await openPopup(nonce);
    const pending = await stored(nonce);
    expect(pending?.state).toBe("pending");
    await runInDurableObject(await boxOf(nonce), (_i, state) =>
      state.storage.put("entry", { ...pending, until: Date.now() - 1 }),
    );
    const back = await consentAtWrike(authorizeUrl, GRACE);
    const callback = await relay(`${back.pathname}${back.search}`, { jar });
    expect(callback.status).toBe(410);
    expect(await errorOf(callback)).toBe("handoff_invalid");
    expect(await callback.text()).toContain("This sign-in cannot continue");
    expect(sessionCookiesSet(callback)).toEqual([]);
    expect((await redeem(nonce)).status).toBe(410);
  });
});

describe("POST /auth/handoff: CSRF", () => {
  it.each([
    ["a foreign Origin", { origin: "https://evil.test" }, 403, "bad_origin"],
    ["Origin null", { origin: "null" }, 403, "bad_origin"],
    ["the http twin of the origin", { origin: "http://relay.test" }, 403, "bad_origin"],
    ["a form post", { "content-type": "application/x-www-form-urlencoded" }, 403, "csrf_rejected"],
    ["a text/plain post", { "content-type": "text/plain" }, 403, "csrf_rejected"],
  ])("refuses %s and leaves the hand-off for the frame", async (_name, headers, status, code) => {
    const nonce = newNonce();
    await popupSignIn(nonce);
    const res = await redeem(nonce, new CookieJar(), headers);
    expect(res.status).toBe(status);
    expect(await errorOf(res)).toBe(code);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect((await redeem(nonce)).status).toBe(200);
  });

  it("refuses a request with no Origin at all", async () => {
    const nonce = newNonce();
    await popupSignIn(nonce);
    const res = await relay("/auth/handoff", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ nonce }),
    });
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toBe("bad_origin");
    expect((await redeem(nonce)).status).toBe(200);
  });

  it("wants JSON even with the app's X-Requested-With header", async () => {
    const nonce = newNonce();
    await popupSignIn(nonce);
    const res = await relay("/auth/handoff", {
      method: "POST",
      headers: { origin: RELAY, "x-requested-with": "wrike-pane" },
      body: nonce,
    });
    expect(res.status).toBe(400);
    expect((await redeem(nonce)).status).toBe(200);
  });

  it("answers a preflight from another origin with no CORS grant", async () => {
    const res = await relay("/auth/handoff", {
      method: "OPTIONS",
      headers: {
        origin: "https://evil.test",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });
});
