// The test-control API under /__sim on every port (faults, revocation, runtime config, reset, stats,
// users), and the same operations as plain functions for the Simulator object.
import type { IncomingMessage, ServerResponse } from "node:http";
import { configError, pickConfig, type SimConfig } from "./config.ts";
import { parseFault } from "./faults.ts";
import { readBody, sendJson } from "./http.ts";
import { resetState, type Fault, type SimState, type Stats } from "./state.ts";
import type { SeedUser } from "./types.ts";

export class ControlError extends Error {}

export function setFault(state: SimState, input: unknown): Fault {
  const fault = parseFault(input);
  if (typeof fault === "string") throw new ControlError(fault);
  state.fault = fault;
  return { ...fault };
}

export function clearFault(state: SimState): void {
  state.fault = null;
}

/** Revokes every token of the user, as Wrike does on password reset, deactivation and the like. */
export function revokeUser(state: SimState, email: unknown): number {
  if (typeof email !== "string") throw new ControlError("email is required");
  const user = state.world.users.find((u) => u.email.toLowerCase() === email.toLowerCase());
  if (!user) throw new ControlError(`no user ${email}`);
  return state.tokens.revokeUser(user.id);
}

export function configure(state: SimState, input: unknown): SimConfig {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw new ControlError("expected a JSON object");
  const error = configError(input as Record<string, unknown>);
  if (error) throw new ControlError(error);
  state.config = { ...state.config, ...pickConfig(input as Partial<SimConfig>) };
  return { ...state.config };
}

export function statsOf(state: SimState): Stats {
  return structuredClone(state.stats);
}

export function usersOf(state: SimState): SeedUser[] {
  return structuredClone(state.world.users);
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req, 64_000);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ControlError("body is not valid JSON");
  }
}

export async function handleControl(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const route = `${req.method} ${url.pathname}`;
  try {
    switch (route) {
      case "POST /__sim/faults":
        sendJson(res, 200, { fault: setFault(state, await jsonBody(req)) });
        return;
      case "DELETE /__sim/faults":
        clearFault(state);
        sendJson(res, 200, { fault: null });
        return;
      case "GET /__sim/faults":
        sendJson(res, 200, { fault: state.fault });
        return;
      case "POST /__sim/revoke": {
        const body = (await jsonBody(req)) as { email?: unknown };
        sendJson(res, 200, { revoked: revokeUser(state, body.email) });
        return;
      }
      case "POST /__sim/config":
        sendJson(res, 200, { config: configure(state, await jsonBody(req)) });
        return;
      case "GET /__sim/config":
        sendJson(res, 200, { config: state.config });
        return;
      case "POST /__sim/reset":
        resetState(state);
        sendJson(res, 200, { ok: true });
        return;
      case "GET /__sim/stats":
        sendJson(res, 200, statsOf(state));
        return;
      case "GET /__sim/users":
        sendJson(res, 200, usersOf(state));
        return;
      default:
        sendJson(res, 404, { error: "unknown control route" });
    }
  } catch (error) {
    if (error instanceof ControlError) {
      sendJson(res, 400, { error: error.message });
      return;
    }
    throw error;
  }
}
