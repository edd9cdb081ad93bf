// The one in-memory state the three servers share: config, seeded world, tokens, faults, counters.
import { DEFAULT_CONFIG, type SimClient, type SimConfig } from "./config.ts";
import { seedWorld } from "./seed.ts";
import { TokenStore } from "./tokens.ts";
import type { HostKey, World } from "./types.ts";

export type FaultTarget = "api" | "token" | "all";

export interface Fault {
  target: FaultTarget;
  status?: number;
  retryAfter?: number;
  latencyMs?: number;
  drop?: boolean;
  /** Requests still to affect; undefined = until cleared. */
  count?: number;
  host?: HostKey;
}

export interface Stats {
  token: { authorization_code: number; refresh_token: number; errors: number };
  api: number;
  faults: number;
  rateLimited: number;
  /** Webhook POSTs that got a 2xx, attempts that failed, and suspensions. */
  webhooks: { delivered: number; failed: number; suspended: number };
}

/** A sign-in in progress, kept server-side and named in the pages by a random id in a hidden field. */
export interface PendingAuth {
  id: string;
  clientId: string;
  redirectUri: string;
  redirectUriSent: boolean;
  state: string | null;
  scopes: string[];
  createdAt: number;
  userId?: string;
  accountId?: string;
  preselectAccountId?: string;
}

/** The ids behind a paginated listing; `nextPageToken` names one of these. */
export interface Cursor {
  accountId: string;
  kind: string;
  ids: string[];
  offset: number;
  pageSize: number;
}

export interface SimState {
  clients: SimClient[];
  taskCount: number;
  demo: boolean;
  startConfig: SimConfig;
  config: SimConfig;
  loginOrigin: string;
  hosts: Record<HostKey, string>;
  world: World;
  tokens: TokenStore;
  fault: Fault | null;
  stats: Stats;
  pending: Map<string, PendingAuth>;
  cursors: Map<string, Cursor>;
  /** Bearer-less attachment URLs (`withUrls`, `/attachments/{id}/url`): token -> attachment, expiry (ms). */
  fileUrls: Map<string, { attachmentId: string; expires: number }>;
  rate: Map<string, { windowStart: number; count: number }>;
  /** The tail of each webhook's delivery chain, so its POSTs go out one at a time, in order. */
  webhookQueues: Map<string, Promise<void>>;
}

const zeroStats = (): Stats => ({
  token: { authorization_code: 0, refresh_token: 0, errors: 0 },
  api: 0,
  faults: 0,
  rateLimited: 0,
  webhooks: { delivered: 0, failed: 0, suspended: 0 },
});

function registerPermanentTokens(state: SimState): void {
  for (const user of state.world.users) {
    for (const account of user.accounts) {
      state.tokens.addPermanent(
        {
          userId: user.id,
          accountId: account.accountId,
          host: account.host,
          // A permanent token carries the user's full rights.
          scopes: ["Default", "wsReadWrite", "amReadWriteWorkflow", "amReadWriteUser"],
          clientId: null,
        },
        account.permanentToken,
      );
    }
  }
}

export function createState(input: {
  clients: SimClient[];
  taskCount: number;
  demo: boolean;
  config: Partial<SimConfig>;
}): SimState {
  const config = { ...DEFAULT_CONFIG, ...input.config };
  const state: SimState = {
    clients: input.clients,
    taskCount: input.taskCount,
    demo: input.demo,
    startConfig: { ...config },
    config: { ...config },
    loginOrigin: "",
    hosts: { us: "", eu: "" },
    world: seedWorld(input.taskCount),
    tokens: new TokenStore(),
    fault: null,
    stats: zeroStats(),
    pending: new Map(),
    cursors: new Map(),
    fileUrls: new Map(),
    rate: new Map(),
    webhookQueues: new Map(),
  };
  registerPermanentTokens(state);
  return state;
}

/** Back to the start: re-seeded data, start config, no faults, only the permanent tokens, zero counters. */
export function resetState(state: SimState): void {
  state.world = seedWorld(state.taskCount);
  state.config = { ...state.startConfig };
  state.tokens.clear();
  registerPermanentTokens(state);
  state.fault = null;
  state.stats = zeroStats();
  state.pending.clear();
  state.cursors.clear();
  state.fileUrls.clear();
  state.rate.clear();
  state.webhookQueues.clear();
}

export function hostOfAccount(state: SimState, accountId: string): string {
  const account = state.world.accounts.find((a) => a.id === accountId);
  return account ? state.hosts[account.host] : "";
}
