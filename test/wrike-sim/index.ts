// The Wrike simulator's entry point: startSimulator() runs three loopback HTTP servers (login, US and
// EU data centres) over one shared in-memory state. This module's exports are the interface others use.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { configError, pickConfig, type SimClient, type SimConfig, type SimOptions } from "./config.ts";
import { clearFault, configure, revokeUser, setFault, statsOf, usersOf } from "./control.ts";
import { requestHandler, type Role } from "./server.ts";
import { createState, resetState, type Fault, type Stats } from "./state.ts";
import type { SeedAccount, SeedUser } from "./types.ts";

export type { Fault as SimFault, SeedAccount, SeedUser, SimClient, SimConfig, SimOptions, Stats as SimStats };
export { ADA_ID, GRACE_ID, LINUS_ID, MARGARET_ID, ACME_ID, NORD_ID, DEMO_PASSWORD } from "./seed.ts";
/**
 * The fixed seeded attachments, hostile ones included (`hostile: true`: an SVG with onload + <script>, an
 * HTML page with <script>), on Ada's tasks in Acme (us host) and Nordlicht (eu host). For example
 * `SEEDED_ATTACHMENTS.filter((a) => a.accountId === ACME_ID && a.hostile)`.
 */
export { SEEDED_ATTACHMENTS, type SeededAttachment, type SeededKind } from "./seed-attachments.ts";
export type { AttachmentDownload, TimelogCommentRule } from "./config.ts";
/**
 * The fixed seeded timelogs (most of them Ada's; one in Acme's locked period, `locked: true`); their
 * `trackedDate` is today in the account's zone minus `daysAgo`. `LOCK_DAYS` says which days are locked.
 */
export { SEEDED_TIMELOGS, LOCK_DAYS, type SeededTimelog } from "./seed-timelogs.ts";
/** The /__sim control client and the sign-in walker: fetch only, also importable on their own (workerd). */
export { simControl, SimControlError, type SimControl } from "./client.ts";
export { signInAtWrike, SignInWalkError, type SignInAs } from "./signin.ts";

export interface Simulator {
  /** "http://127.0.0.1:8801" */
  loginOrigin: string;
  /** "127.0.0.1:8802": no scheme, like Wrike's `host`. */
  hosts: { us: string; eu: string };
  users: SeedUser[];
  close(): Promise<void>;
  /** The same controls as the /__sim HTTP API. */
  setFault(fault: Partial<Fault>): Fault;
  clearFaults(): void;
  revoke(email: string): number;
  configure(config: Partial<SimConfig>): SimConfig;
  reset(): void;
  stats(): Stats;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startSimulator(options: SimOptions = {}): Promise<Simulator> {
  const initial = pickConfig(options);
  const error = configError(initial as Record<string, unknown>);
  if (error) throw new Error(`startSimulator: ${error}`);
  const taskCount = options.taskCount ?? 300;
  if (!Number.isInteger(taskCount) || taskCount < 0)
    throw new Error("startSimulator: taskCount must be a whole number");
  const state = createState({
    clients: options.clients ?? [],
    taskCount,
    demo: options.demo ?? false,
    config: initial,
  });
  const bindHost = options.bindHost ?? "127.0.0.1";
  const roles: [Role, number][] = [
    ["login", options.loginPort ?? 0],
    ["us", options.usPort ?? 0],
    ["eu", options.euPort ?? 0],
  ];
  const servers: Server[] = [];
  const ports: Partial<Record<Role, number>> = {};
  try {
    for (const [role, port] of roles) {
      const server = createServer(requestHandler(state, role));
      servers.push(server);
      ports[role] = await listen(server, port, bindHost);
    }
  } catch (cause) {
    await Promise.all(servers.map(closeServer));
    throw cause;
  }
  const hostPart = bindHost.includes(":") ? `[${bindHost}]` : bindHost;
  state.loginOrigin = `http://${hostPart}:${ports.login}`;
  state.hosts = { us: `${hostPart}:${ports.us}`, eu: `${hostPart}:${ports.eu}` };
  return {
    loginOrigin: state.loginOrigin,
    hosts: { ...state.hosts },
    users: usersOf(state),
    close: async () => {
      await Promise.all(servers.map(closeServer));
    },
    setFault: (fault) => setFault(state, fault),
    clearFaults: () => clearFault(state),
    revoke: (email) => revokeUser(state, email),
    configure: (config) => configure(state, config),
    reset: () => resetState(state),
    stats: () => statsOf(state),
  };
}
