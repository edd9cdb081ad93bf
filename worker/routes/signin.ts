// /auth/login and /auth/callback: the browser navigations of a sign-in with Wrike (errors are pages).
import { Hono, type Context } from "hono";
import type { AppEnv } from "../env.ts";
import { SCOPES, type Access } from "../shared/contract.ts";
import { RelayError } from "../lib/errors.ts";
import { urlParts } from "../lib/request-url.ts";
import {
  HANDOFF_TTL_SECONDS,
  handoffKey,
  handoffPurpose,
  isHandoffNonce,
  newPairingCode,
  newRedemptionCode,
  normalisePairingCode,
  pairingHash,
  redemptionHash,
} from "../lib/handoff.ts";
import { handoffReadyPage, popupDonePage } from "../lib/pages.ts";
import { rateLimit } from "../middleware/rate-limit.ts";
import { validateReturnTo } from "../lib/return-to.ts";
import { seal } from "../lib/seal.ts";
import { FLOW_MAX_AGE, nowSeconds, type FlowMode, type Session } from "../lib/session.ts";
import { constantTimeEqual, flowIdOf, newFlow, randomId } from "../lib/state.ts";
import { requestToken } from "../io/token-endpoint.ts";
import { lookupUserId } from "../io/wrike-me.ts";
import { tokenFailureError } from "../lib/wrike-token.ts";
import { handoffBox } from "./handoff.ts";

export const signin = new Hono<AppEnv>();

const redirectUri = (c: Context<AppEnv>): string => `${urlParts(c.req.url).origin}/auth/callback`;

/**
 * An embedded pane's sign-in, checked before anything is stored: only where embedding is configured, only
 * in a popup, only when the navigation came from the relay's own origin (the pane's window.open), and
 * rate-limited per client, since each one creates a Durable Object. Returns the nonce's key, or
 * undefined when the link asks for no hand-off (or embedding is off, which ignores the parameter).
 */
async function handoffOf(c: Context<AppEnv>, mode: string): Promise<string | undefined> {
  const handoff = c.req.query("handoff");
  if (handoff === undefined || c.get("config").embedOrigins.length === 0) return undefined;
  if (mode !== "popup") {
    throw new RelayError("bad_request", "A sign-in for an embedded pane must use the popup mode.");
  }
  if (!isHandoffNonce(handoff))
    throw new RelayError("bad_request", "The sign-in link's hand-off code is malformed.");
  // A link from another site (a mail, a chat, an attacker's page) cannot start a pane's sign-in. Browsers
  // that send no Fetch Metadata are let through: the redemption code protects them just the same.
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined && site !== "same-origin") {
    throw new RelayError(
      "bad_origin",
      "This sign-in for an embedded Wrike Pane was opened from a link, not from the pane. Start signing in from the pane itself.",
    );
  }
  await rateLimit(c, "open");
  const key = await handoffKey(handoff);
  // Pending as long as the flow may take; a nonce that was already filled or redeemed is spent.
  if (!(await handoffBox(c.env, key).open(FLOW_MAX_AGE))) throw new RelayError("handoff_invalid");
  return key;
}

signin.get("/login", async (c) => {
  const config = c.get("config");
  const access = c.req.query("access") ?? "read";
  const mode = c.req.query("mode") ?? "redirect";
  const returnTo = validateReturnTo(c.req.query("return_to"));
  if (access !== "read" && access !== "write") {
    throw new RelayError(
      "bad_request",
      'The sign-in link asks for an unknown access level ("read" or "write").',
    );
  }
  if (mode !== "redirect" && mode !== "popup") {
    throw new RelayError("bad_request", "The sign-in link names an unknown mode.");
  }
  if (returnTo === undefined) {
    throw new RelayError("bad_request", "The sign-in link's return address is not a page of this site.");
  }
  const handoff = await handoffOf(c, mode);
  await c.get("cookies").pruneFlows();
  const { flowId, state } = newFlow();
  await c.get("cookies").writeFlow(flowId, {
    state,
    return_to: returnTo,
    mode: mode satisfies FlowMode,
    access: access satisfies Access,
    exp: nowSeconds() + FLOW_MAX_AGE,
    ...(handoff ? { handoff } : {}),
  });
  const authorize = new URL(`${config.oauthBase}/oauth2/authorize/v4`);
  authorize.search = new URLSearchParams({
    client_id: config.clientId,
    response_type: "code",
    redirect_uri: redirectUri(c),
    state,
    scope: SCOPES[access],
  }).toString();
  return c.redirect(authorize.toString(), 302);
});

signin.get("/callback", async (c) => {
  const config = c.get("config");
  const state = c.req.query("state") ?? "";
  const flowId = flowIdOf(state);
  // Single use: the flow's cookie goes whatever happens next.
  const flow = flowId ? await c.get("cookies").takeFlow(flowId) : undefined;
  const wrikeError = c.req.query("error");
  if (wrikeError !== undefined) {
    // Wrike's text is never echoed; whoever sent the person here cannot put words on our page.
    throw wrikeError === "access_denied"
      ? new RelayError("signin_declined")
      : new RelayError("code_rejected", "Wrike did not complete the sign-in. Try again.");
  }
  if (!flow || flow.exp < nowSeconds() || !constantTimeEqual(flow.state, state)) {
    throw new RelayError("state_invalid");
  }
  const code = c.req.query("code");
  if (!code) throw new RelayError("code_rejected", "Wrike sent no authorization code.");

  const outcome = await requestToken(
    config,
    `${config.oauthBase}/oauth2/token`,
    {
      client_id: config.clientId,
      client_secret: config.clientSecret,
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri(c),
    },
    config.defaultHost,
  );
  c.set("upstreamStatus", outcome.ok ? 200 : (outcome.status ?? 0));
  if (outcome.ok) c.set("wrikeHost", outcome.tokens.host);
  if (!outcome.ok) throw tokenFailureError(outcome, "authorization_code");
  const { tokens } = outcome;
  // Who signed in, so that /auth/token can tell the app and its first task query need not ask Wrike
  // first. Optional: without an answer the sign-in goes on and the app asks contacts?me=true itself.
  const uid = await lookupUserId(config, tokens.host, tokens.accessToken);
  const session: Session = {
    v: 1,
    sid: randomId(),
    rt: tokens.refreshToken,
    at: tokens.accessToken,
    exp: nowSeconds() + tokens.expiresIn,
    host: tokens.host,
    scope: tokens.scope ?? SCOPES[flow.access],
    ...(uid !== undefined ? { uid } : {}),
  };
  const scriptNonce = c.get("secureHeadersNonce") ?? "";
  if (flow.handoff !== undefined) {
    // First-party popup: no cookie here (the frame could not see it). The session waits for the frame,
    // which must present a secret that only it (the code) or the person (the pairing code) can have.
    if (config.embedOrigins.length === 0) throw new RelayError("handoff_invalid");
    const redemption = newRedemptionCode();
    const pairing = newPairingCode();
    const secrets = {
      redemption: await redemptionHash(redemption),
      pairing: await pairingHash(normalisePairingCode(pairing) as string),
    };
    const sealed = await seal(config.sessionKeys, handoffPurpose(flow.handoff), { ...session, embed: true });
    if (!(await handoffBox(c.env, flow.handoff).fill(sealed, secrets, HANDOFF_TTL_SECONDS))) {
      throw new RelayError("handoff_invalid");
    }
    return c.html(handoffReadyPage(scriptNonce, redemption, pairing));
  }
  await c.get("cookies").write(session);
  if (flow.mode === "redirect") return c.redirect(flow.return_to, 302);
  return c.html(popupDonePage(scriptNonce));
});
