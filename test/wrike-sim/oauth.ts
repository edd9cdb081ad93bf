// The OAuth 2.0 authorization-code pages: authorize -> login -> account chooser -> consent -> redirect.
// The sign-in in progress stays server-side, named by a random id in a hidden form field.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, redirect, sendHtml } from "./http.ts";
import { accountChooserPage, consentPage, errorPage, loginPage } from "./pages.ts";
import { parseScopes } from "./scopes.ts";
import type { PendingAuth, SimState } from "./state.ts";
import type { SeedUser } from "./types.ts";

/** How long a sign-in may sit on the login page (simulator choice). */
const PENDING_TTL_MS = 30 * 60_000;

function withParams(base: string, params: Record<string, string | null>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.append(key, value);
  return url.toString();
}

export function handleAuthorize(state: SimState, res: ServerResponse, url: URL): void {
  const q = url.searchParams;
  const clientId = q.get("client_id");
  const client = state.clients.find((c) => c.id === clientId);
  // Without a trustworthy redirect_uri the error must be shown here, never sent anywhere (RFC 6749 4.1.2.1).
  if (!clientId || !client) {
    sendHtml(res, 400, errorPage("Unknown application", "The client_id is missing or not registered."));
    return;
  }
  const sentRedirect = q.get("redirect_uri");
  let redirectUri: string;
  if (sentRedirect !== null) {
    if (!client.redirectUris.includes(sentRedirect)) {
      sendHtml(
        res,
        400,
        errorPage("Invalid redirect URI", "The redirect_uri is not registered for this application."),
      );
      return;
    }
    redirectUri = sentRedirect;
  } else if (client.redirectUris.length === 1 && client.redirectUris[0]) {
    redirectUri = client.redirectUris[0];
  } else {
    sendHtml(
      res,
      400,
      errorPage(
        "Missing redirect URI",
        "This application has several callback URLs; redirect_uri is required.",
      ),
    );
    return;
  }
  const stateParam = q.get("state");
  if (q.get("response_type") !== "code") {
    redirect(
      res,
      withParams(redirectUri, {
        error: "unsupported_response_type",
        error_description: "Only response_type=code is supported",
        state: stateParam,
      }),
    );
    return;
  }
  const { scopes, invalid } = parseScopes(q.get("scope"));
  if (invalid.length > 0) {
    redirect(
      res,
      withParams(redirectUri, {
        error: "invalid_scope",
        error_description: `Unknown scope: ${invalid.join(", ")}`,
        state: stateParam,
      }),
    );
    return;
  }
  const pending: PendingAuth = {
    id: randomBytes(24).toString("base64url"),
    clientId: client.id,
    redirectUri,
    redirectUriSent: sentRedirect !== null,
    state: stateParam,
    scopes,
    createdAt: Date.now(),
  };
  for (const [id, old] of state.pending)
    if (Date.now() - old.createdAt > PENDING_TTL_MS) state.pending.delete(id);
  const preselect = q.get("accountId");
  if (preselect) pending.preselectAccountId = preselect;
  state.pending.set(pending.id, pending);
  sendHtml(
    res,
    200,
    loginPage({ authId: pending.id, ...(state.demo ? { demoUsers: state.world.users } : {}) }),
  );
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(req, 64_000));
}

function findPending(state: SimState, form: URLSearchParams, res: ServerResponse): PendingAuth | null {
  const pending = state.pending.get(form.get("auth") ?? "");
  if (!pending || Date.now() - pending.createdAt > PENDING_TTL_MS) {
    if (pending) state.pending.delete(pending.id);
    sendHtml(
      res,
      400,
      errorPage(
        "Sign-in expired",
        "This sign-in request is unknown or has expired. Start again from the app.",
      ),
    );
    return null;
  }
  return pending;
}

function userOf(state: SimState, pending: PendingAuth): SeedUser | undefined {
  return state.world.users.find((u) => u.id === pending.userId);
}

/** A step after the login form: its form, the sign-in in progress and who logged in; or an error page sent. */
async function loggedInStep(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  notLoggedIn: string,
): Promise<{ form: URLSearchParams; pending: PendingAuth; user: SeedUser } | null> {
  const form = await readForm(req);
  const pending = findPending(state, form, res);
  if (!pending) return null;
  const user = userOf(state, pending);
  if (!user) {
    sendHtml(res, 400, errorPage("Not logged in", notLoggedIn));
    return null;
  }
  return { form, pending, user };
}

function showConsent(state: SimState, res: ServerResponse, pending: PendingAuth, user: SeedUser): void {
  const account = user.accounts.find((a) => a.accountId === pending.accountId);
  if (!account) {
    sendHtml(res, 400, errorPage("Unknown account", "That account is not one of yours."));
    return;
  }
  sendHtml(
    res,
    200,
    consentPage({ authId: pending.id, clientId: pending.clientId, user, account, scopes: pending.scopes }),
  );
}

export async function handleLogin(state: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = await readForm(req);
  const pending = findPending(state, form, res);
  if (!pending) return;
  const email = (form.get("email") ?? "").trim();
  const user = state.world.users.find((u) => u.email.toLowerCase() === email.toLowerCase());
  if (!user || user.password !== form.get("password")) {
    sendHtml(
      res,
      200,
      loginPage({
        authId: pending.id,
        error: "Wrong email or password.",
        email,
        ...(state.demo ? { demoUsers: state.world.users } : {}),
      }),
    );
    return;
  }
  pending.userId = user.id;
  const preselected = user.accounts.find((a) => a.accountId === pending.preselectAccountId);
  const only = user.accounts.length === 1 ? user.accounts[0] : undefined;
  const chosen = preselected ?? only;
  if (chosen) {
    pending.accountId = chosen.accountId;
    showConsent(state, res, pending, user);
    return;
  }
  sendHtml(res, 200, accountChooserPage({ authId: pending.id, user }));
}

export async function handleAccount(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const step = await loggedInStep(state, req, res, "Log in first.");
  if (!step) return;
  step.pending.accountId = step.form.get("accountId") ?? "";
  showConsent(state, res, step.pending, step.user);
}

export async function handleConsent(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const step = await loggedInStep(state, req, res, "Log in and choose an account first.");
  if (!step) return;
  const { form, pending, user } = step;
  const account = user.accounts.find((a) => a.accountId === pending.accountId);
  if (!account) {
    sendHtml(res, 400, errorPage("Not logged in", "Log in and choose an account first."));
    return;
  }
  state.pending.delete(pending.id);
  if (form.get("decision") !== "allow") {
    redirect(
      res,
      withParams(pending.redirectUri, {
        error: "access_denied",
        error_description: "The user denied access",
        state: pending.state,
      }),
    );
    return;
  }
  const code = state.tokens.issueCode(
    {
      userId: user.id,
      accountId: account.accountId,
      host: account.host,
      scopes: pending.scopes,
      clientId: pending.clientId,
    },
    pending.redirectUri,
    pending.redirectUriSent,
    state.config.codeTtl,
  );
  redirect(res, withParams(pending.redirectUri, { code, state: pending.state }));
}
