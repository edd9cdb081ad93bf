// The embed hand-off attacked as the review did: a link with the attacker's nonce, polling, guessing, and
// the routes where embedding is off. The attacker always ends with no token and no cookie.
import { runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import {
  boxOf,
  embedLoginQuery,
  handoffStatus,
  newNonce,
  openPopup,
  popupSignIn,
  redeem,
  secretsOf,
} from "./embed-helpers.ts";
import {
  consentAtWrike,
  CookieJar,
  errorOf,
  GRACE,
  RELAY,
  relay,
  resetSim,
  SESSION_COOKIE,
  sessionCookiesSet,
  SIM_US,
  simStats,
  withEnv,
} from "./helpers.ts";

beforeEach(resetSim);

const stored = async (nonce: string) =>
  runInDurableObject(await boxOf(nonce), (_i, state) => state.storage.get<{ state: string }>("entry"));

/** The victim's whole sign-in through the attacker's link, started as `site` says the navigation came. */
async function victimFollows(nonce: string, site: string) {
  const jar = new CookieJar();
  const login = await relay(`/auth/login?${embedLoginQuery(nonce)}`, {
    jar,
    headers: { "sec-fetch-site": site, "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" },
  });
  if (login.status !== 302) return { login, callback: undefined };
  const back = await consentAtWrike(login.headers.get("location") ?? "", GRACE);
  const callback = await relay(`${back.pathname}${back.search}`, { jar });
  return { login, callback };
}

describe("a link that carries the attacker's nonce", () => {
  it("from another site (mail, chat, the attacker's page): refused before Wrike is even asked", async () => {
    const nonce = newNonce();
    for (const site of ["cross-site", "same-site", "none"]) {
      const { login } = await victimFollows(nonce, site);
      expect(login.status, site).toBe(403);
      expect(await errorOf(login)).toBe("bad_origin");
      expect(await login.text()).toContain("Start signing in from the pane itself");
      expect(login.headers.get("location")).toBeNull();
      expect(login.headers.getSetCookie()).toEqual([]);
    }
    // No box was opened for the nonce, and the attacker's poll finds nothing.
    expect(await stored(nonce)).toBeUndefined();
    expect((await handoffStatus(nonce)).status).toBe(410);
  });

  it("clicked inside Wrike Pane (same origin): the victim signs in, the attacker's poll sees 'ready' and can redeem nothing", async () => {
    const nonce = newNonce();
    const { login, callback } = await victimFollows(nonce, "same-origin");
    expect(login.status).toBe(302);
    expect(callback?.status).toBe(200);
    // The victim's browser got no session either: the page only offers a pairing code.
    expect(sessionCookiesSet(callback!)).toEqual([]);
    expect(secretsOf(await callback!.text())).toBeDefined();

    // The attacker polls: it learns only that the sign-in finished.
    const poll = await handoffStatus(nonce);
    expect(poll.status).toBe(200);
    expect(await poll.json()).toEqual({ state: "ready" });

    // The old protocol (nonce alone) redeems nothing.
    const attackerJar = new CookieJar();
    const bare = await redeem(nonce, attackerJar, {}, {}, {});
    expect(bare.status).toBe(400);
    expect(await errorOf(bare)).toBe("bad_request");
    // A guessed code or pairing code: refused, and the hand-off is gone for good.
    const guess = await redeem(nonce, attackerJar, {}, {}, { code: newNonce() });
    expect(guess.status).toBe(410);
    expect(await errorOf(guess)).toBe("handoff_invalid");
    expect((await handoffStatus(nonce)).status).toBe(410);
    expect((await redeem(nonce, attackerJar, {}, {}, { pairing: "ABCD-EFGH" })).status).toBe(410);
    expect(attackerJar.get(SESSION_COOKIE)).toBeUndefined();
    expect(await stored(nonce)).toMatchObject({ state: "used" });
    // Wrike was asked once (the victim's consent); nothing was refreshed for anyone.
    expect((await simStats()).token.refresh_token).toBe(0);
  });

  it("a wrong pairing code ends the hand-off: even the right one fails afterwards", async () => {
    const nonce = newNonce();
    const { secrets } = await popupSignIn(nonce);
    const wrong = await redeem(nonce, new CookieJar(), {}, {}, { pairing: "0000-0000" });
    expect(wrong.status).toBe(410);
    const right = await redeem(nonce, new CookieJar(), {}, {}, { pairing: secrets!.pairing });
    expect(right.status).toBe(410);
    expect(sessionCookiesSet(right)).toEqual([]);
  });
});

describe("the pane's own sign-in", () => {
  it("redeems with the pairing code the person typed (any case, spaces, O for 0), once", async () => {
    const nonce = newNonce();
    const { secrets } = await popupSignIn(nonce);
    const typed = ` ${secrets!.pairing.toLowerCase().replace("-", " ").replace(/0/g, "o")} `;
    const jar = new CookieJar();
    const res = await redeem(nonce, jar, {}, {}, { pairing: typed });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ host: SIM_US });
    expect(jar.get(SESSION_COOKIE)).toBeDefined();
    expect((await redeem(nonce, new CookieJar(), {}, {}, { pairing: typed })).status).toBe(410);
  });

  it("polls without using the hand-off up: pending, then ready, then redeemed by the code", async () => {
    const nonce = newNonce();
    const { jar, authorizeUrl } = await openPopup(nonce);
    expect(await (await handoffStatus(nonce)).json()).toEqual({ state: "pending" });
    const back = await consentAtWrike(authorizeUrl, GRACE);
    const callback = await relay(`${back.pathname}${back.search}`, { jar });
    const secrets = secretsOf(await callback.text());
    for (let i = 0; i < 3; i++) expect(await (await handoffStatus(nonce)).json()).toEqual({ state: "ready" });
    expect((await redeem(nonce, new CookieJar(), {}, {}, { code: secrets!.code })).status).toBe(200);
    expect((await handoffStatus(nonce)).status).toBe(410);
  });

  it.each([
    ["both codes at once", (s: { code: string; pairing: string }) => ({ code: s.code, pairing: s.pairing })],
    ["a code of the wrong shape", () => ({ code: "short" })],
    ["a pairing code of the wrong length", () => ({ pairing: "ABC-DEF" })],
    ["a pairing code with other characters", () => ({ pairing: "ABCD-EFG!" })],
    ["a code that is not a string", () => ({ code: 42 })],
  ])("refuses %s as malformed, leaving the hand-off for the pane", async (_name, proof) => {
    const nonce = newNonce();
    const { secrets } = await popupSignIn(nonce);
    const res = await redeem(nonce, new CookieJar(), {}, {}, proof(secrets!));
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe("bad_request");
    expect((await redeem(nonce)).status).toBe(200);
  });

  it("is refused from an allow-listed app origin: only the relay's own origin may redeem", async () => {
    const nonce = newNonce();
    await popupSignIn(nonce);
    const res = await redeem(nonce, new CookieJar(), { origin: "https://app.example.test" });
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toBe("bad_origin");
    expect((await redeem(nonce)).status).toBe(200);
  });
});

describe("with EMBED_ORIGINS empty", () => {
  const noEmbed = withEnv({ EMBED_ORIGINS: "" });

  it("the hand-off routes do not exist", async () => {
    for (const path of ["/auth/handoff", "/auth/handoff/status"]) {
      const res = await relay(path, {
        method: "POST",
        via: noEmbed,
        headers: { origin: RELAY, "content-type": "application/json" },
        body: JSON.stringify({ nonce: newNonce(), code: newNonce() }),
      });
      expect(res.status, path).toBe(404);
      expect(await errorOf(res)).toBe("not_found");
    }
  });

  it("/auth/login ignores `handoff`: an ordinary popup sign-in, with no box and no code", async () => {
    const nonce = newNonce();
    const jar = new CookieJar();
    const login = await relay(`/auth/login?${embedLoginQuery(nonce)}`, { jar, via: noEmbed });
    expect(login.status).toBe(302);
    expect(await stored(nonce)).toBeUndefined();
    const back = await consentAtWrike(login.headers.get("location") ?? "", GRACE);
    const callback = await relay(`${back.pathname}${back.search}`, { jar, via: noEmbed });
    expect(callback.status).toBe(200);
    const html = await callback.text();
    expect(html).toContain('data-signed-in="true"');
    expect(secretsOf(html)).toBeUndefined();
    expect(sessionCookiesSet(callback)).toHaveLength(1);
  });
});

describe("rate limits per client address", () => {
  // The binding counts in fixed windows, so a test may straddle one boundary: of 41 calls in well under a
  // minute at most 40 (20 per window) can pass, and the first 20 always do.
  it("opening hand-offs: 20 a minute from one address, then 429 with Retry-After; other addresses unaffected", async () => {
    const ip = { "cf-connecting-ip": `192.0.2.${1 + Math.floor(Math.random() * 250)}` };
    const statuses: number[] = [];
    let over: Response | undefined;
    for (let i = 0; i < 41 && !over; i++) {
      const res = await relay(`/auth/login?${embedLoginQuery(newNonce())}`, { headers: ip });
      statuses.push(res.status);
      if (res.status === 429) over = res;
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(302));
    expect(over?.headers.get("retry-after")).toBe("60");
    expect(await errorOf(over!)).toBe("rate_limited");
    expect(over!.headers.getSetCookie()).toEqual([]);
    // Another address still signs in.
    expect((await relay(`/auth/login?${embedLoginQuery(newNonce())}`)).status).toBe(302);
  });

  it("polling and redeeming: limited too, so nobody can create objects without bound", async () => {
    const ip = { "cf-connecting-ip": `198.51.100.${1 + Math.floor(Math.random() * 250)}` };
    const results = await Promise.all(Array.from({ length: 250 }, () => handoffStatus(newNonce(), ip)));
    // 120 a minute: at most 240 across a window boundary.
    expect(results.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(10);
    expect(results.filter((r) => r.status === 410).length).toBeLessThanOrEqual(240);
  });
});
