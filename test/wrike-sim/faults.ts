// Fault injection: latency, error statuses (5xx, 429 with Retry-After), dropped connections; for the
// API, the token endpoint or both, optionally one data centre only, for N requests or until cleared.
import type { IncomingMessage, ServerResponse } from "node:http";
import { escapeHtml, sendHtml, sendJson, sleep } from "./http.ts";
import type { Fault, SimState } from "./state.ts";
import type { HostKey } from "./types.ts";

export type Area = "api" | "token" | "pages";

/** Validates a fault from the control API; returns the fault or an error message. */
export function parseFault(input: unknown): Fault | string {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return "expected a JSON object";
  const raw = input as Record<string, unknown>;
  const known = ["target", "status", "retryAfter", "latencyMs", "drop", "count", "host"];
  for (const key of Object.keys(raw)) if (!known.includes(key)) return `unknown key ${key}`;
  const target = raw.target ?? "api";
  if (target !== "api" && target !== "token" && target !== "all") return "target must be api, token or all";
  const fault: Fault = { target };
  const positive = (key: string, min: number, max: number): number | string | undefined => {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
      return `${key} must be an integer in [${min}, ${max}]`;
    return v;
  };
  const status = positive("status", 100, 599);
  const retryAfter = positive("retryAfter", 0, 86_400);
  const latencyMs = positive("latencyMs", 0, 120_000);
  const count = positive("count", 1, 1_000_000);
  for (const v of [status, retryAfter, latencyMs, count]) if (typeof v === "string") return v;
  if (typeof status === "number") fault.status = status;
  if (typeof retryAfter === "number") fault.retryAfter = retryAfter;
  if (typeof latencyMs === "number") fault.latencyMs = latencyMs;
  if (typeof count === "number") fault.count = count;
  if (raw.drop !== undefined) {
    if (typeof raw.drop !== "boolean") return "drop must be a boolean";
    fault.drop = raw.drop;
  }
  if (raw.host !== undefined) {
    if (raw.host !== "us" && raw.host !== "eu") return "host must be us or eu";
    fault.host = raw.host;
  }
  if (fault.status === undefined && fault.latencyMs === undefined && !fault.drop) {
    return "a fault needs status, latencyMs or drop";
  }
  return fault;
}

function matches(fault: Fault, area: Area, serving: HostKey | "login"): boolean {
  if (fault.host !== undefined && fault.host !== serving) return false;
  if (fault.target === "all") return true;
  return fault.target === area;
}

const API_CODES: Record<number, string> = {
  400: "invalid_request",
  401: "not_authorized",
  403: "not_allowed",
  404: "resource_not_found",
  429: "too_many_requests",
};

function respond(res: ServerResponse, fault: Fault, status: number, area: Area): void {
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers["Retry-After"] = String(fault.retryAfter);
  if (area === "api") {
    const code = API_CODES[status] ?? (status >= 500 ? "server_error" : "invalid_request");
    const description =
      status === 429
        ? "Rate limit exceeded, try again later"
        : status >= 500
          ? "Internal server error"
          : "Injected fault";
    sendJson(res, status, { error: code, errorDescription: description }, headers);
  } else if (area === "token") {
    const code =
      status === 503 ? "temporarily_unavailable" : status >= 500 ? "server_error" : "invalid_request";
    sendJson(res, status, { error: code, error_description: "Injected fault" }, headers);
  } else {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    sendHtml(
      res,
      status,
      `<!doctype html><title>${status}</title><p>${escapeHtml(`Error ${status} (injected fault)`)}</p>`,
    );
  }
}

/**
 * Applies the current fault to a request. Returns true when the request was answered (or dropped) here;
 * false when it should go on (no fault, or latency only).
 */
export async function applyFault(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  area: Area,
  serving: HostKey | "login",
): Promise<boolean> {
  const fault = state.fault;
  if (!fault || !matches(fault, area, serving)) return false;
  if (fault.count !== undefined) {
    fault.count--;
    if (fault.count <= 0) state.fault = null;
  }
  state.stats.faults++;
  if (fault.latencyMs) await sleep(fault.latencyMs);
  if (fault.drop) {
    // A dropped connection: no status line at all.
    req.socket.destroy();
    return true;
  }
  if (fault.status !== undefined) {
    respond(res, fault, fault.status, area);
    return true;
  }
  return false;
}
