// /auth/handoff and /auth/handoff/status: the embedded frame redeems the sign-in its popup bound to its nonce.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { validator } from "hono/validator";
import type { AppEnv, RelayEnv } from "../env.ts";
import type { HandoffStatus, TokenResponse } from "../shared/contract.ts";
import { RelayError } from "../lib/errors.ts";
import {
  handoffKey,
  handoffPurpose,
  isHandoffNonce,
  normalisePairingCode,
  pairingHash,
  REDEMPTION_CODE_PATTERN,
  redemptionHash,
} from "../lib/handoff.ts";
import { rateLimit } from "../middleware/rate-limit.ts";
import { unseal } from "../lib/seal.ts";
import { parseSession, type Session } from "../lib/session.ts";
import type { Proof } from "../objects/handoff-box.ts";
import { requireOwnOrigin } from "../middleware/origin.ts";
import { tokenAnswer } from "./session.ts";

/** The hand-off box of one nonce key (a Durable Object named by the key; see objects/handoff-box.ts). */
export const handoffBox = (env: RelayEnv, key: string) => env.HANDOFF.get(env.HANDOFF.idFromName(key));

export const handoff = new Hono<AppEnv>();

for (const path of ["/handoff", "/handoff/*"]) {
  handoff.use(path, async (c, next) => {
    // Without EMBED_ORIGINS nothing can frame the pane, so these routes do not exist at all.
    if (c.get("config").embedOrigins.length === 0) throw new RelayError("not_found");
    await next();
  });
  // Only the frame itself, on the relay's own origin: never an embedding page, never ALLOWED_ORIGINS.
  handoff.use(path, requireOwnOrigin());
}

/**
 * The JSON object body of a hand-off call (hono/validator; malformed JSON is a 400 too), at most 1 KiB.
 * Another content type reads as `{}`, which has no nonce: bad_request as well.
 */
const handoffBody = [
  bodyLimit({
    maxSize: 1024,
    onError: () => {
      throw new RelayError("bad_request", "The hand-off is too large.");
    },
  }),
  validator("json", (value: unknown) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new RelayError("bad_request", "The hand-off is malformed.");
    }
    return value as Record<string, unknown>;
  }),
] as const;

async function keyOf(body: Record<string, unknown>): Promise<string> {
  if (!isHandoffNonce(body.nonce)) throw new RelayError("bad_request", "The hand-off nonce is malformed.");
  return handoffKey(body.nonce);
}

/** The secret the frame presents: exactly one of the redemption code and the pairing code, as its hash. */
async function proofOf(body: Record<string, unknown>): Promise<Proof> {
  if (body.code !== undefined && body.pairing !== undefined) {
    throw new RelayError("bad_request", "Send either the hand-off code or the pairing code, not both.");
  }
  if (typeof body.code === "string" && REDEMPTION_CODE_PATTERN.test(body.code)) {
    return { kind: "redemption", hash: await redemptionHash(body.code) };
  }
  const pairing = normalisePairingCode(body.pairing);
  if (pairing !== undefined) return { kind: "pairing", hash: await pairingHash(pairing) };
  throw new RelayError(
    "bad_request",
    body.pairing !== undefined
      ? "That pairing code is not 8 letters and digits. Copy it from the sign-in window."
      : "The hand-off needs its code.",
  );
}

/** Polling: whether the popup has finished. Says nothing else and redeems nothing. */
handoff.post("/handoff/status", ...handoffBody, async (c) => {
  await rateLimit(c, "redeem");
  const key = await keyOf(c.req.valid("json"));
  const state = await handoffBox(c.env, key).state();
  if (state === "invalid") throw new RelayError("handoff_invalid");
  return c.json<HandoffStatus>({ state });
});

/**
 * The frame redeems: with the right secret, the session bound to its nonce becomes the frame's own
 * partitioned cookie, and the frame gets its first access token. Single use; a wrong secret ends the
 * hand-off (410, like an unknown, used or expired one), so it can be guessed at most once.
 */
handoff.post("/handoff", ...handoffBody, async (c) => {
  await rateLimit(c, "redeem");
  const config = c.get("config");
  const body = c.req.valid("json");
  const key = await keyOf(body);
  const proof = await proofOf(body);
  const taken = await handoffBox(c.env, key).take(proof);
  if (taken.status === "pending") throw new RelayError("handoff_pending");
  if (taken.status !== "ready") throw new RelayError("handoff_invalid");
  const bound = parseSession(await unseal(config.sessionKeys, handoffPurpose(key), taken.sealed));
  // A key rotated away meanwhile, or an allow-list that dropped the host: sign in again.
  if (!bound || !config.apiHosts.includes(bound.host)) throw new RelayError("handoff_invalid");
  const session: Session = { ...bound, embed: true };
  await c.get("cookies").write(session);
  return c.json<TokenResponse>(tokenAnswer(session));
});
