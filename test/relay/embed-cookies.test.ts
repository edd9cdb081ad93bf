// The embedded frame's session cookie: SameSite=None; Secure; Partitioned when handed over, kept so on
// every refresh, cleared in every mode by logout; and /embed is the only framable page.
import { beforeEach, describe, expect, it } from "vitest";
import { fromBase64Url } from "../../worker/lib/seal.ts";
import { attributes, newNonce, popupSignIn, redeem, sessionCookieLines } from "./embed-helpers.ts";
import {
  appPost,
  CookieJar,
  openSession,
  relay,
  resetSim,
  SESSION_COOKIE,
  sessionCookiesSet,
  signIn,
  wrikeSim,
  simStats,
  token,
} from "./helpers.ts";

beforeEach(resetSim);

/** A frame signed in through the hand-off; returns its jar and the redemption's Set-Cookie line. */
async function embeddedFrame() {
  const nonce = newNonce();
  await popupSignIn(nonce);
  const jar = new CookieJar();
  const res = await redeem(nonce, jar);
  expect(res.status).toBe(200);
  const [line, ...more] = sessionCookiesSet(res);
  expect(more).toEqual([]);
  return { jar, line: line ?? "" };
}

function expectEmbedCookie(line: string): void {
  expect(line).toMatch(/^__Host-wp_session=v1\./);
  const attrs = attributes(line);
  expect(attrs.get("samesite")).toBe("None");
  expect(attrs.has("secure")).toBe(true);
  expect(attrs.has("partitioned")).toBe(true);
  expect(attrs.has("httponly")).toBe(true);
  expect(attrs.get("path")).toBe("/");
  expect(attrs.has("domain")).toBe(false);
  expect(Number(attrs.get("max-age"))).toBe(30 * 24 * 3600);
}

describe("the embedded frame's cookie", () => {
  it("is set by the redemption as __Host-, HttpOnly, Secure, SameSite=None, Partitioned", async () => {
    const { line } = await embeddedFrame();
    expectEmbedCookie(line);
  });

  it("keeps those attributes when /auth/token refreshes it, and stays an embed session", async () => {
    // Tokens that live 30 s are inside the relay's 60 s margin: every /auth/token refreshes.
    await wrikeSim.config({ accessTokenTtl: 30 });
    const { jar } = await embeddedFrame();
    const before = await openSession(jar.get(SESSION_COOKIE));
    const { res, body } = await token(jar);
    expect(res.status).toBe(200);
    expect((await simStats()).token.refresh_token).toBe(1);
    const [line] = sessionCookiesSet(res);
    expectEmbedCookie(line ?? "");
    const after = await openSession(jar.get(SESSION_COOKIE));
    expect(after).toMatchObject({ embed: true, sid: before!.sid, at: body.access_token });
    expect(after!.rt).not.toBe(before!.rt);
  });

  it("leaves the app's own sessions as they were: SameSite=Lax, not partitioned, not embed", async () => {
    await wrikeSim.config({ accessTokenTtl: 30 });
    const { jar, callback } = await signIn();
    for (const res of [callback, (await token(jar)).res]) {
      const [line] = sessionCookiesSet(res);
      const attrs = attributes(line ?? "");
      expect(attrs.get("samesite")).toBe("Lax");
      expect(attrs.has("partitioned")).toBe(false);
    }
    expect((await openSession(jar.get(SESSION_COOKIE)))?.embed).toBeUndefined();
  });

  it("is Secure and Partitioned on a plain-http local relay too (browsers need Secure for SameSite=None)", async () => {
    const LOCAL = "http://localhost:4174";
    const nonce = newNonce();
    const { secrets } = await popupSignIn(nonce);
    const jar = new CookieJar();
    const local = await relay(`${LOCAL}/auth/handoff`, {
      method: "POST",
      jar,
      headers: { origin: LOCAL, "content-type": "application/json" },
      body: JSON.stringify({ nonce, code: secrets?.code }),
    });
    expect(local.status).toBe(200);
    const [line] = sessionCookiesSet(local);
    expect(line).toMatch(/^wp_session=v1\./);
    const attrs = attributes(line ?? "");
    expect(attrs.get("samesite")).toBe("None");
    expect(attrs.has("secure")).toBe(true);
    expect(attrs.has("partitioned")).toBe(true);
  });
});

describe("logout", () => {
  /** Every deletion logout sent, as "name|partitioned|samesite". */
  function deletions(res: Response): string[] {
    return sessionCookieLines(res)
      .filter((l) => attributes(l).get("max-age") === "0")
      .map((l) => {
        const a = attributes(l);
        return `${l.slice(0, l.indexOf("="))}|${a.has("partitioned") ? "partitioned" : "plain"}|${a.get("samesite")}`;
      })
      .sort();
  }

  it("clears the frame's partitioned cookie, and /auth/token then says not_signed_in", async () => {
    const { jar } = await embeddedFrame();
    const out = await appPost("/auth/logout", jar);
    expect(out.status).toBe(204);
    expect(deletions(out)).toEqual([
      "__Host-wp_session|partitioned|None",
      "__Host-wp_session|plain|Lax",
      "wp_session|partitioned|None",
      "wp_session|plain|Lax",
    ]);
    for (const line of sessionCookieLines(out).filter((l) => attributes(l).has("partitioned"))) {
      expect(attributes(line).has("secure")).toBe(true);
    }
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    const after = await token(jar);
    expect(after.res.status).toBe(401);
    expect(after.body.error).toBe("not_signed_in");
  });

  it("sends the same deletions in every mode: first-party session, embedded session, no session", async () => {
    const firstParty = await signIn();
    const embedded = await embeddedFrame();
    const outs = [
      await appPost("/auth/logout", firstParty.jar),
      await appPost("/auth/logout", embedded.jar),
      await appPost("/auth/logout", new CookieJar()),
    ];
    const expected = deletions(outs[0]!);
    expect(expected).toHaveLength(4);
    for (const out of outs) {
      expect(out.status).toBe(204);
      expect(deletions(out)).toEqual(expected);
    }
  });

  it("clears both variants when a cookie does not open (tampered)", async () => {
    const jar = new CookieJar();
    jar.set(SESSION_COOKIE, "v1.not-a-real-seal");
    const { res } = await token(jar);
    expect(res.status).toBe(401);
    const partitioned = sessionCookieLines(res).filter((l) => attributes(l).has("partitioned"));
    expect(partitioned.length).toBe(2);
  });
});

describe("/embed", () => {
  it("serves the embed view (embed.html), framable only by EMBED_ORIGINS", async () => {
    const res = await relay("/embed?view=tasks&theme=dark");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("relay-test-embed");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors https://embedder.test;");
    expect(csp).toMatch(/script-src https:\/\/relay\.test\/assets\/ 'nonce-[^']+';/);
    expect(res.headers.get("x-frame-options")).toBeNull();
  });

  it("lets no other page be framed, not even the app under /embed/", async () => {
    for (const path of ["/", "/tasks", "/embed/tasks", "/embedded"]) {
      const res = await relay(path);
      await res.body?.cancel();
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("content-security-policy") ?? "", path).toContain("frame-ancestors 'none'");
    }
  });
});

describe("sealed cookie values", () => {
  it("open only in their one canonical spelling (unused low bits of the last character zero)", async () => {
    expect(fromBase64Url("QQ")).toEqual(new Uint8Array([65]));
    expect(fromBase64Url("QR")).toBeUndefined();
    expect(fromBase64Url("QUE")).toEqual(new Uint8Array([65, 65]));
    expect(fromBase64Url("QUF")).toBeUndefined();
    // The frame's real cookie with its last character's spare bits set no longer opens.
    const { jar } = await embeddedFrame();
    const value = jar.get(SESSION_COOKIE)!;
    const body = value.slice(3);
    const spare = body.length % 4 === 2 ? 15 : body.length % 4 === 3 ? 3 : 0;
    if (spare > 0) {
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      const last = alphabet.indexOf(body.at(-1)!);
      const twin = `v1.${body.slice(0, -1)}${alphabet[last | spare]}`;
      expect(await openSession(twin)).toBeUndefined();
      const probe = new CookieJar();
      probe.set(SESSION_COOKIE, twin);
      expect((await token(probe)).res.status).toBe(401);
    }
    expect(await openSession(value)).toMatchObject({ embed: true });
  });
});
