// The whole sign-in against the simulator: login, consent, callback, token, API calls, refresh, logout.
import { beforeEach, describe, expect, it } from "vitest";
import {
  ADA_EU,
  ADA_US,
  api,
  appPost,
  consentAtWrike,
  errorOf,
  GRACE,
  openSession,
  popupPage,
  relay,
  resetSim,
  SESSION_COOKIE,
  sessionCookiesSet,
  SIM_EU,
  SIM_US,
  signIn,
  wrikeSim,
  simStats,
  startLogin,
  token,
} from "./helpers.ts";

beforeEach(resetSim);

describe("sign-in, API and sign-out", () => {
  it("signs in through Wrike's pages, hands out the access token, proxies the API and signs out", async () => {
    const { jar, authorizeUrl } = await startLogin("return_to=%2Ftasks%3Ffilter%3Dopen&access=read");
    const back = await consentAtWrike(authorizeUrl, ADA_US);
    expect(back.origin + back.pathname).toBe("https://relay.test/auth/callback");
    const state = new URL(authorizeUrl).searchParams.get("state");
    expect(back.searchParams.get("state")).toBe(state);

    const callback = await relay(back.pathname + back.search, { jar });
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe("/tasks?filter=open");
    expect(callback.headers.get("referrer-policy")).toBe("no-referrer");
    expect(callback.headers.get("cache-control")).toBe("no-store");
    const [sessionCookie, ...more] = sessionCookiesSet(callback);
    expect(more).toEqual([]);
    expect(sessionCookie).toMatch(/^__Host-wp_session=v1\./);
    for (const attr of ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"])
      expect(sessionCookie).toContain(attr);
    // The flow's cookie is gone (single use); left are the session and the page-readable "a session
    // exists" hint, which holds nothing but "1" and shares the session's attributes but HttpOnly.
    expect([...jar.cookies.keys()].sort()).toEqual(["__Host-wp_present", SESSION_COOKIE]);
    expect(jar.get("__Host-wp_present")).toBe("1");
    const hint = callback.headers.getSetCookie().find((l) => l.startsWith("__Host-wp_present="));
    expect(hint).not.toContain("HttpOnly");
    for (const attr of ["Secure", "SameSite=Lax", "Path=/"]) expect(hint).toContain(attr);
    // Nothing secret travels in the redirect.
    const session = await openSession(jar.get(SESSION_COOKIE));
    expect(session).toMatchObject({ v: 1, host: SIM_US, scope: "wsReadOnly" });
    expect(callback.headers.get("location")).not.toContain(session!.at);

    const { res, body } = await token(jar);
    expect(res.status).toBe(200);
    // user_id: who signed in, as the callback learnt it from Wrike (user-id.test.ts checks its value).
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_at", "host", "scope", "user_id"]);
    expect(body).toMatchObject({ access_token: session!.at, host: SIM_US, scope: "wsReadOnly" });
    const now = Math.floor(Date.now() / 1000);
    expect(body.expires_at).toBeGreaterThan(now + 3500);
    expect(body.expires_at).toBeLessThanOrEqual(now + 3600);

    // The callback asked Wrike once already (contacts?me=true for user_id); the proxied call is one more.
    const apiBefore = (await simStats()).api;
    const me = await api("contacts?me=true", String(body.access_token), SIM_US);
    expect(me.status).toBe(200);
    expect(me.headers.get("content-type")).toMatch(/application\/json/);
    const contacts = (await me.json()) as { kind: string; data: { profiles: { email: string }[] }[] };
    expect(contacts.kind).toBe("contacts");
    expect(JSON.stringify(contacts.data)).toContain("ada@acme.test");
    expect((await simStats()).api).toBe(apiBefore + 1);

    const out = await appPost("/auth/logout", jar);
    expect(out.status).toBe(204);
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    expect(jar.get("__Host-wp_present")).toBeUndefined();
    const after = await token(jar);
    expect(after.res.status).toBe(401);
    expect(after.body.error).toBe("not_signed_in");
  });

  it("uses the data centre Wrike names: the EU account's calls go to the EU host", async () => {
    const { jar } = await signIn(ADA_EU);
    const { body } = await token(jar);
    expect(body.host).toBe(SIM_EU);
    const account = await api("account", String(body.access_token), SIM_EU);
    expect(account.status).toBe(200);
    expect(await account.text()).toContain("Nordlicht Studio");
    // The same token on the other data centre is Wrike's 401, passed through as such.
    const wrong = await api("account", String(body.access_token), SIM_US);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: "not_authorized" });
  });

  it("asks for wsReadWrite with write access, so writes go through; read access gets Wrike's 403", async () => {
    const writer = await signIn(GRACE, { query: "access=write" });
    const w = await token(writer.jar);
    expect(w.body.scope).toBe("wsReadWrite");
    const reader = await signIn(GRACE, { query: "access=read" });
    const r = await token(reader.jar);
    expect(r.body.scope).toBe("wsReadOnly");

    const tasks = await api("tasks?pageSize=1", String(w.body.access_token), SIM_US);
    expect(tasks.status).toBe(200);
    const taskId = ((await tasks.json()) as { data: { id: string }[] }).data[0]?.id;
    expect(taskId).toBeDefined();
    const comment = (accessToken: string) =>
      api(`tasks/${taskId}/comments`, accessToken, SIM_US, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ text: "Sent through the relay" }).toString(),
      });
    const ok = await comment(String(w.body.access_token));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Sent through the relay");
    const refused = await comment(String(r.body.access_token));
    expect(refused.status).toBe(403);
  });

  it("accepts expires_in as a string, as Wrike's docs show it", async () => {
    await wrikeSim.config({ expiresInAsString: true });
    const { jar } = await signIn(GRACE);
    const { body } = await token(jar);
    expect(typeof body.expires_at).toBe("number");
    expect(body.expires_at).toBeGreaterThan(Date.now() / 1000 + 3500);
  });

  it("hands a popup's result to its opener on the relay's own origin only, with a nonce'd script", async () => {
    const { jar, callback } = await signIn(GRACE, { query: "mode=popup&return_to=%2F" });
    expect(callback.status).toBe(200);
    const { html, scriptNonce: nonce } = await popupPage(callback);
    expect(html).toContain('postMessage({"type":"wrike-pane:signed-in"}, window.location.origin)');
    expect(html).not.toContain('"*"');
    expect(callback.headers.get("referrer-policy")).toBe("no-referrer");
    expect(jar.get(SESSION_COOKIE)).toBeDefined();
    // A second page gets a different nonce.
    const again = await signIn(GRACE, { query: "mode=popup" });
    expect(await again.callback.text()).not.toContain(nonce);
  });

  it("shows a clear page and no session when the person declines at Wrike", async () => {
    const { jar, authorizeUrl } = await startLogin();
    const back = await consentAtWrike(authorizeUrl, { ...GRACE, decision: "deny" });
    expect(back.searchParams.get("error")).toBe("access_denied");
    const res = await relay(back.pathname + back.search, { jar });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe("signin_declined");
    expect(await res.text()).toContain("You declined access");
    expect(sessionCookiesSet(res)).toEqual([]);
    expect(jar.cookies.size).toBe(0);
    expect((await simStats()).token.authorization_code).toBe(0);
  });
});

describe("refresh", () => {
  it("reuses the access token while it has over a minute left, then refreshes with rotation", async () => {
    await wrikeSim.config({ accessTokenTtl: 30 });
    const { jar } = await signIn(GRACE);
    const first = await openSession(jar.get(SESSION_COOKIE));
    // Later tokens live an hour again, so the refreshed one is reused afterwards.
    await wrikeSim.config({ accessTokenTtl: 3600 });

    // 30 s left is under the minute: this call refreshes at Wrike and rewrites the cookie.
    const refreshed = await token(jar);
    expect(refreshed.res.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(first!.at);
    expect(sessionCookiesSet(refreshed.res)).toHaveLength(1);
    const second = await openSession(jar.get(SESSION_COOKIE));
    expect(second!.rt).not.toBe(first!.rt);
    expect(second!.sid).toBe(first!.sid);
    expect(second!.at).toBe(refreshed.body.access_token);
    expect((await simStats()).token.refresh_token).toBe(1);

    // Fresh now: handed out again as is, no call to Wrike, no cookie written.
    const reused = await token(jar);
    expect(reused.body.access_token).toBe(refreshed.body.access_token);
    expect(reused.res.headers.getSetCookie()).toEqual([]);
    expect((await simStats()).token.refresh_token).toBe(1);

    // The new token works through the proxy; the old one is dead at Wrike.
    expect((await api("contacts?me=true", String(reused.body.access_token), SIM_US)).status).toBe(200);
  });

  it("refreshes at once when the app reports the current token refused (stale_token), but only that token", async () => {
    const { jar } = await signIn(GRACE);
    const { body } = await token(jar);
    const json = { "content-type": "application/json" };
    // A token that is not the session's current one does not force a refresh.
    const other = await appPost("/auth/token", jar, {
      headers: json,
      body: JSON.stringify({ stale_token: "old" }),
    });
    expect(((await other.json()) as { access_token: string }).access_token).toBe(body.access_token);
    expect((await simStats()).token.refresh_token).toBe(0);
    const forced = await appPost("/auth/token", jar, {
      headers: json,
      body: JSON.stringify({ stale_token: body.access_token }),
    });
    expect(forced.status).toBe(200);
    expect(((await forced.json()) as { access_token: string }).access_token).not.toBe(body.access_token);
    expect((await simStats()).token.refresh_token).toBe(1);
  });
});
