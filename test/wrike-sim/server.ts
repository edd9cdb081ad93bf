// One node:http request handler per role (login, us, eu): dispatches to the control API, avatars,
// OAuth pages, the token endpoint, API v4 and bearer-less attachment URLs, applying injected faults first.
import type { IncomingMessage, ServerResponse } from "node:http";
import { serveFileUrl } from "./api/attachments.ts";
import { handleApi } from "./api/router.ts";
import { serveAvatar } from "./avatars.ts";
import { handleControl } from "./control.ts";
import { applyFault } from "./faults.ts";
import { sendHtml, sendJson, sendText } from "./http.ts";
import { handleAccount, handleAuthorize, handleConsent, handleLogin } from "./oauth.ts";
import { errorPage, indexPage } from "./pages.ts";
import type { SimState } from "./state.ts";
import { handleToken } from "./token-endpoint.ts";
import type { HostKey } from "./types.ts";

export type Role = HostKey | "login";

async function dispatch(
  state: SimState,
  role: Role,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sim.invalid");
  const path = url.pathname;
  if (path.startsWith("/__sim/")) return handleControl(state, req, res, url);
  if (path.startsWith("/avatars/") && req.method === "GET") return serveAvatar(state, res, path.slice(9));
  if (path.startsWith("/sim-files/") && req.method === "GET" && role !== "login") {
    return serveFileUrl(state, res, path.slice("/sim-files/".length));
  }
  if (path === "/oauth2/token") {
    if (await applyFault(state, req, res, "token", role)) return;
    return handleToken(state, req, res, url, role);
  }
  if (path === "/api/v4" || path.startsWith("/api/v4/")) {
    if (await applyFault(state, req, res, "api", role)) return;
    return handleApi(state, req, res, url, role);
  }
  if (path.startsWith("/oauth2/")) {
    if (await applyFault(state, req, res, "pages", role)) return;
    if (req.method === "GET" && (path === "/oauth2/authorize" || path === "/oauth2/authorize/v4")) {
      return handleAuthorize(state, res, url);
    }
    if (req.method === "POST" && path === "/oauth2/authorize/login") return handleLogin(state, req, res);
    if (req.method === "POST" && path === "/oauth2/authorize/account") return handleAccount(state, req, res);
    if (req.method === "POST" && path === "/oauth2/authorize/consent") return handleConsent(state, req, res);
    return sendHtml(res, 404, errorPage("Not found", "There is no such OAuth page."));
  }
  if (path === "/" && req.method === "GET") {
    return sendHtml(res, 200, indexPage({ loginOrigin: state.loginOrigin, hosts: state.hosts, role }));
  }
  if (path === "/open.htm") {
    return sendHtml(
      res,
      200,
      errorPage("Wrike simulator", "Permalinks point here; the simulator has no task pages."),
    );
  }
  sendText(res, 404, "Not found");
}

export function requestHandler(state: SimState, role: Role) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    dispatch(state, role, req, res).catch((error: unknown) => {
      console.error("wrike-sim: request failed", error);
      if (!res.headersSent)
        sendJson(res, 500, { error: "server_error", errorDescription: "Internal server error" });
      else res.destroy();
    });
  };
}
