// A typed client for the simulator's /__sim test controls, over fetch only (no Node imports), so that
// tests in Node and in workerd alike can reset it, inject faults, change its config and read its stats.
import type { SimConfig } from "./config.ts";
import type { Fault, Stats } from "./state.ts";
import type { SeedUser } from "./types.ts";

/** A /__sim call that did not answer 2xx (or did not answer at all). */
export class SimControlError extends Error {
  readonly code = "sim_control_failed";
  /** The HTTP status, or 0 when the simulator could not be reached. */
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = "SimControlError";
    this.status = status;
  }
}

export interface SimControl {
  /** Re-seeds the data, clears faults, drops OAuth tokens, zeroes counters, restores the config. */
  reset(): Promise<void>;
  /** Sets the one active fault (target defaults to "api"); returns it as the simulator stored it. */
  faults(fault: Partial<Fault>): Promise<Fault>;
  clearFaults(): Promise<void>;
  fault(): Promise<Fault | null>;
  /** Changes run-time settings; returns the whole config after the change. */
  config(config: Partial<SimConfig>): Promise<SimConfig>;
  currentConfig(): Promise<SimConfig>;
  /** Revokes every token of the person; returns how many were revoked. */
  revoke(email: string): Promise<number>;
  stats(): Promise<Stats>;
  users(): Promise<SeedUser[]>;
}

/** The control client of the simulator whose ports include `origin` (any port: login, US or EU). */
export function simControl(origin: string): SimControl {
  const base = origin.replace(/\/+$/, "");
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const what = `${method} /__sim/${path}`;
    let res: Response;
    try {
      res = await fetch(`${base}/__sim/${path}`, {
        method,
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      throw new SimControlError(`${what}: the simulator at ${base} did not answer (${String(cause)})`, 0);
    }
    const text = await res.text();
    if (!res.ok) throw new SimControlError(`${what}: ${res.status} ${text}`, res.status);
    return (text ? JSON.parse(text) : null) as T;
  }
  return {
    reset: async () => {
      await call("POST", "reset");
    },
    faults: async (fault) => (await call<{ fault: Fault }>("POST", "faults", fault)).fault,
    clearFaults: async () => {
      await call("DELETE", "faults");
    },
    fault: async () => (await call<{ fault: Fault | null }>("GET", "faults")).fault,
    config: async (config) => (await call<{ config: SimConfig }>("POST", "config", config)).config,
    currentConfig: async () => (await call<{ config: SimConfig }>("GET", "config")).config,
    revoke: async (email) => (await call<{ revoked: number }>("POST", "revoke", { email })).revoked,
    stats: () => call<Stats>("GET", "stats"),
    users: () => call<SeedUser[]>("GET", "users"),
  };
}
