// POST /oauth2/token on every host: authorization_code and refresh_token grants with rotation, client
// authentication by body, query string or HTTP Basic, and RFC 6749 error bodies.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SimClient } from "./config.ts";
import { contentType, parseJsonObject, readBody, sendJson } from "./http.ts";
import type { SimState } from "./state.ts";
import type { Grant } from "./tokens.ts";
import type { HostKey } from "./types.ts";

type TokenError =
  "invalid_request" | "invalid_client" | "invalid_grant" | "unsupported_grant_type" | "invalid_scope";

class Refusal extends Error {
  readonly code: TokenError;
  readonly status: number;
  readonly basic: boolean;
  constructor(code: TokenError, description: string, basic = false) {
    super(description);
    this.code = code;
    this.status = code === "invalid_client" ? 401 : 400;
    this.basic = basic;
  }
}

async function readParams(req: IncomingMessage, url: URL): Promise<Map<string, string>> {
  const params = new Map<string, string>();
  for (const [key, value] of url.searchParams) params.set(key, value);
  const text = await readBody(req, 64_000);
  if (text.trim() === "") return params;
  if (contentType(req) === "application/json") {
    const parsed = parseJsonObject(text);
    if (!parsed.ok) {
      throw new Refusal(
        "invalid_request",
        parsed.why === "syntax" ? "The request body is not valid JSON" : "The request body must be an object",
      );
    }
    for (const [key, value] of Object.entries(parsed.value)) {
      if (typeof value === "string" || typeof value === "number") params.set(key, String(value));
    }
    return params;
  }
  for (const [key, value] of new URLSearchParams(text)) params.set(key, value);
  return params;
}

function authenticate(state: SimState, req: IncomingMessage, params: Map<string, string>): SimClient {
  const header = req.headers.authorization ?? "";
  const basic = /^basic\s+(\S+)$/i.exec(header);
  let id = params.get("client_id");
  let secret = params.get("client_secret");
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw new Refusal("invalid_client", "Malformed Basic credentials", true);
    const basicId = decodeURIComponent(decoded.slice(0, colon));
    if (id !== undefined && id !== basicId)
      throw new Refusal("invalid_request", "client_id given twice, differently");
    id = basicId;
    secret = decodeURIComponent(decoded.slice(colon + 1));
  }
  const client = state.clients.find((c) => c.id === id);
  if (!id || !client || !secret || secret !== client.secret) {
    throw new Refusal("invalid_client", "Client authentication failed", basic !== null);
  }
  return client;
}

function required(params: Map<string, string>, name: string): string {
  const value = params.get(name);
  if (value === undefined || value === "")
    throw new Refusal("invalid_request", `Missing required parameter: ${name}`);
  return value;
}

function issue(state: SimState, res: ServerResponse, grant: Grant): void {
  const { access, refresh } = state.tokens.issuePair(
    grant,
    state.config.accessTokenTtl,
    state.config.refreshTokenTtl,
  );
  const ttl = Math.round(state.config.accessTokenTtl);
  sendJson(res, 200, {
    access_token: access.token,
    refresh_token: refresh.token,
    token_type: "bearer",
    expires_in: state.config.expiresInAsString ? String(ttl) : ttl,
    host: state.hosts[grant.host],
  });
}

function exchangeCode(
  state: SimState,
  res: ServerResponse,
  client: SimClient,
  params: Map<string, string>,
): void {
  const taken = state.tokens.takeCode(required(params, "code"));
  if (!taken.ok) {
    const why = { unknown: "is invalid", used: "has already been used", expired: "has expired" }[
      taken.reason
    ];
    throw new Refusal("invalid_grant", `The authorization code ${why}`);
  }
  const code = taken.record;
  if (code.clientId !== client.id)
    throw new Refusal("invalid_grant", "The authorization code was issued to another client");
  const redirectUri = params.get("redirect_uri");
  // RFC 6749 4.1.3: when redirect_uri was on the authorize request, it must come back identical.
  if ((code.redirectUriSent || redirectUri !== undefined) && redirectUri !== code.redirectUri) {
    throw new Refusal("invalid_grant", "redirect_uri does not match the authorization request");
  }
  state.stats.token.authorization_code++;
  issue(state, res, {
    userId: code.userId,
    accountId: code.accountId,
    host: code.host,
    scopes: code.scopes,
    clientId: client.id,
  });
}

function refresh(
  state: SimState,
  res: ServerResponse,
  client: SimClient,
  params: Map<string, string>,
  serving: HostKey | "login",
): void {
  const token = required(params, "refresh_token");
  const record = state.tokens.refresh.get(token);
  if (record && record.clientId !== client.id)
    throw new Refusal("invalid_grant", "The refresh token was issued to another client");
  // Simulator choice: a refresh sent to the other data centre's host is refused (tokens are bound to a host).
  if (record && serving !== "login" && serving !== record.host) {
    throw new Refusal("invalid_grant", "The refresh token belongs to another data centre");
  }
  let scopes = record?.scopes ?? [];
  const asked = params.get("scope");
  if (asked !== undefined && asked.trim() !== "") {
    const wanted = [...new Set(asked.split(/[,\s]+/).filter((s) => s !== ""))];
    if (wanted.some((s) => !scopes.includes(s)))
      throw new Refusal("invalid_scope", "The scope exceeds the granted scope");
    scopes = wanted;
  }
  const taken = state.tokens.takeRefresh(token);
  if (!taken.ok) {
    const why = { unknown: "is invalid or revoked", used: "has already been used", expired: "has expired" }[
      taken.reason
    ];
    throw new Refusal("invalid_grant", `The refresh token ${why}`);
  }
  state.stats.token.refresh_token++;
  issue(state, res, { ...taken.record, scopes, clientId: client.id });
}

export async function handleToken(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  serving: HostKey | "login",
): Promise<void> {
  try {
    if (req.method !== "POST") throw new Refusal("invalid_request", "The token endpoint accepts POST only");
    const params = await readParams(req, url);
    const grantType = required(params, "grant_type");
    const client = authenticate(state, req, params);
    if (grantType === "authorization_code") exchangeCode(state, res, client, params);
    else if (grantType === "refresh_token") refresh(state, res, client, params, serving);
    else throw new Refusal("unsupported_grant_type", `Grant type ${grantType} is not supported`);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    state.stats.token.errors++;
    sendJson(
      res,
      error.status,
      { error: error.code, error_description: error.message },
      error.basic ? { "WWW-Authenticate": 'Basic realm="wrike"' } : {},
    );
  }
}
