// Helpers for the embed tests: a frame's nonce, the popup's sign-in bound to it, and the frame's redemption.
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { handoffKey } from "../../worker/lib/handoff.ts";
import { toBase64Url } from "../../worker/lib/seal.ts";
import { consentAtWrike, CookieJar, GRACE, RELAY, relay, type Person, type RelayInit } from "./helpers.ts";

/** What the frame makes: 256 random bits, base64url. */
export function newNonce(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

export function embedLoginQuery(nonce: string): string {
  return new URLSearchParams({
    mode: "popup",
    return_to: "/embed",
    access: "read",
    handoff: nonce,
  }).toString();
}

/** The popup's first request: /auth/login with the nonce. Returns the popup's (first-party) jar. */
export async function openPopup(nonce: string, init: RelayInit = {}) {
  const jar = new CookieJar();
  const res = await relay(`/auth/login?${embedLoginQuery(nonce)}`, { jar, ...init });
  expect(res.status, await res.clone().text()).toBe(302);
  return { jar, authorizeUrl: res.headers.get("location") ?? "" };
}

/** The two secrets a popup's last page holds: the redemption code (in its script) and the pairing code. */
export interface PopupSecrets {
  code: string;
  pairing: string;
}

/** Reads the secrets off a popup's last page, as the opener (code) and the person (pairing) would get them. */
export function secretsOf(html: string): PopupSecrets | undefined {
  const code = /"code":"([A-Za-z0-9_-]{43})"/.exec(html)?.[1];
  const pairing = /data-pairing-code>([0-9A-Z]{4}-[0-9A-Z]{4})</.exec(html)?.[1];
  return code && pairing ? { code, pairing } : undefined;
}

/** What each finished popup handed its opener, by nonce: the frame's redemptions below use it. */
const handedOver = new Map<string, PopupSecrets>();

/** The whole popup: login, Wrike's pages, the callback that binds the session to the nonce. */
export async function popupSignIn(nonce: string, person: Person = GRACE, init: RelayInit = {}) {
  const { jar, authorizeUrl } = await openPopup(nonce, init);
  const back = await consentAtWrike(authorizeUrl, person);
  const callback = await relay(`${back.pathname}${back.search}`, { jar, ...init });
  const secrets = callback.status === 200 ? secretsOf(await callback.clone().text()) : undefined;
  if (secrets) handedOver.set(nonce, secrets);
  return { popupJar: jar, callback, secrets };
}

/**
 * The frame's redemption: its own POST /auth/handoff with JSON, from the relay's origin, with the code
 * its popup posted to it (`proof` overrides; a nonce whose popup never finished sends a random code).
 */
export function redeem(
  nonce: unknown,
  jar: CookieJar = new CookieJar(),
  headers: Record<string, string> = {},
  init: RelayInit = {},
  proof?: Record<string, unknown>,
) {
  const known = typeof nonce === "string" ? handedOver.get(nonce) : undefined;
  return relay("/auth/handoff", {
    method: "POST",
    jar,
    headers: { origin: RELAY, "content-type": "application/json", ...headers },
    body: JSON.stringify({ nonce, ...(proof ?? { code: known?.code ?? newNonce() }) }),
    ...init,
  });
}

/** Polling, as the frame and an attacker who knows the nonce both can: pending, ready or gone. */
export function handoffStatus(nonce: unknown, headers: Record<string, string> = {}, init: RelayInit = {}) {
  return relay("/auth/handoff/status", {
    method: "POST",
    headers: { origin: RELAY, "content-type": "application/json", ...headers },
    body: JSON.stringify({ nonce }),
    ...init,
  });
}

/** The Durable Object that holds this nonce's hand-off. */
export async function boxOf(nonce: string) {
  return env.HANDOFF.get(env.HANDOFF.idFromName(await handoffKey(nonce)));
}

/** The `Set-Cookie` lines for the session cookie (either name), deletions included. */
export function sessionCookieLines(res: Response): string[] {
  return res.headers.getSetCookie().filter((l) => /^(?:__Host-)?wp_session=/.test(l));
}

/** The attributes of one Set-Cookie line, lower-cased names, in a map. */
export function attributes(line: string): Map<string, string> {
  const [, ...attrs] = line.split(";");
  return new Map(
    attrs.map((a) => {
      const [k = "", ...v] = a.trim().split("=");
      return [k.toLowerCase(), v.join("=")] as const;
    }),
  );
}
