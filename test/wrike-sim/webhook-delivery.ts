// Webhook deliveries: which webhooks an event reaches, the X-Hook-Secret handshake, signed POSTs to
// loopback hook URLs in order per webhook, retries, and suspension. Sources: wrike-api.md §12; every
// behaviour they leave open is marked "simulator choice" here and in the README.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import type { SimState } from "./state.ts";
import type { Task, Webhook } from "./types.ts";

/** One event a write caused, before it is addressed to a webhook. */
export interface EventDraft {
  eventType: string;
  taskId: string;
  /** Type-specific fields (Taviloglu's event classes), put before the common ones. */
  extra?: Record<string, unknown>;
}

/** Taviloglu's 18 (WrikeWebhookEventType.cs, from the old docs) and the newer ones in fuller lists. */
export const EVENT_TYPES = [
  "TaskCreated",
  "TaskDeleted",
  "TaskTitleChanged",
  "TaskImportanceChanged",
  "TaskStatusChanged",
  "TaskDatesChanged",
  "TaskParentsAdded",
  "TaskParentsRemoved",
  "TaskResponsiblesAdded",
  "TaskResponsiblesRemoved",
  "TaskSharedsAdded",
  "TaskSharedsRemoved",
  "TaskDescriptionChanged",
  "AttachmentAdded",
  "AttachmentDeleted",
  "CommentAdded",
  "CommentDeleted",
  "TimelogChanged",
  "TaskCustomFieldChanged",
  "TaskApprovalStatusChanged",
  "TaskApprovalDecisionChanged",
  "TaskApprovalDecisionReset",
  "FolderCreated",
  "FolderDeleted",
  "FolderTitleChanged",
  "ProjectDatesChanged",
  "ProjectOwnersAdded",
  "ProjectOwnersRemoved",
  "ProjectStatusChanged",
] as const;

export const HANDSHAKE_BODY = JSON.stringify({ requestType: "WebHook secret verification" });
/** Simulator choice: waits between the three retries of a failed delivery. */
const RETRY_DELAYS_MS = [100, 200, 400];

export const sign = (secret: string, data: string): string =>
  createHmac("sha256", secret).update(data).digest("hex");

/** 32 hex characters: inside the 1-100 alphanumerics receivers accept (public code, id 71599053406). */
const newChallenge = (): string => randomBytes(16).toString("hex");

async function post(
  state: SimState,
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<Response> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(state.config.webhookTimeoutMs),
  });
  await res.arrayBuffer(); // drain, so the connection is free again
  return res;
}

/**
 * The handshake of a webhook created with a secret: POST {"requestType":"WebHook secret verification"}
 * with `X-Hook-Secret: <challenge>`; the receiver must answer 200 with `X-Hook-Secret:
 * hex(HMAC-SHA256(secret, challenge))`. Returns why it failed, or null.
 */
export async function handshake(state: SimState, hookUrl: string, secret: string): Promise<string | null> {
  const challenge = newChallenge();
  try {
    const res = await post(state, hookUrl, HANDSHAKE_BODY, {
      "X-Hook-Secret": challenge,
      "X-Hook-Signature": sign(secret, HANDSHAKE_BODY),
    });
    if (res.status !== 200) return `the hook URL answered ${res.status}`;
    const answer = res.headers.get("x-hook-secret")?.trim().toLowerCase();
    if (answer !== sign(secret, challenge)) return "the hook URL did not answer the X-Hook-Secret challenge";
    return null;
  } catch {
    return "the hook URL could not be reached";
  }
}

function underFolder(state: SimState, folderIds: string[], target: string, deep: boolean): boolean {
  for (const id of folderIds) {
    if (id === target) return true;
    if (!deep) continue;
    let current = state.world.folders.get(id);
    while (current?.parentId) {
      if (current.parentId === target) return true;
      current = state.world.folders.get(current.parentId);
    }
  }
  return false;
}

/** Whether a task is in the webhook's scope; subtasks count through their super tasks (simulator choice). */
function covers(state: SimState, hook: Webhook, task: Task, seen = new Set<string>()): boolean {
  if (task.accountId !== hook.accountId) return false;
  const target = hook.folderId ?? hook.spaceId;
  if (target === undefined) return true; // account webhook: every task the user sees (all, here)
  if (seen.has(task.id)) return false;
  seen.add(task.id);
  if (underFolder(state, task.parentIds, target, hook.spaceId !== undefined || hook.recursive)) return true;
  return task.superTaskIds.some((id) => {
    const parent = state.world.tasks.get(id);
    return parent !== undefined && covers(state, hook, parent, seen);
  });
}

/** Addresses a write's events to every active webhook they reach and queues one POST per webhook. */
export function dispatch(state: SimState, accountId: string, authorId: string, drafts: EventDraft[]): void {
  if (drafts.length === 0) return;
  for (const hook of state.world.webhooks.values()) {
    if (hook.accountId !== accountId || hook.status !== "Active") continue;
    const payload = drafts.flatMap((d) => {
      if (hook.events && !hook.events.includes(d.eventType)) return [];
      // "TaskDeleted: account hooks only; not fired for folder hooks" (old docs via Taviloglu).
      if (d.eventType === "TaskDeleted" && (hook.folderId || hook.spaceId)) return [];
      const task = state.world.tasks.get(d.taskId);
      if (!task || !covers(state, hook, task)) return [];
      // Live key order: the type's own fields first (a captured CommentAdded starts with commentId,
      // comment), then taskId, webhookId, eventAuthorId, eventType, lastUpdatedDate.
      return [
        {
          ...d.extra,
          taskId: d.taskId,
          webhookId: hook.id,
          eventAuthorId: authorId,
          eventType: d.eventType,
          lastUpdatedDate: task.updatedDate,
        },
      ];
    });
    if (payload.length === 0) continue;
    // Live samples are a JSON array pretty-printed with two spaces.
    enqueue(state, hook, JSON.stringify(payload, null, 2));
  }
}

function enqueue(state: SimState, hook: Webhook, body: string): void {
  const previous = state.webhookQueues.get(hook.id) ?? Promise.resolve();
  const next = previous.then(() => deliver(state, hook, body));
  state.webhookQueues.set(hook.id, next);
}

const suspend = (state: SimState, hook: Webhook): void => {
  hook.status = "Suspended";
  state.stats.webhooks.suspended++;
};

/**
 * One delivery: `X-Hook-Signature: hex(HMAC-SHA256(secret, body))` and a fresh `X-Hook-Secret`
 * challenge when the webhook has a secret (public code says events carry both), an `Idempotency-Key`
 * kept across retries. A 4xx other than 408/429 suspends at once; 5xx, timeouts and refused connections
 * are retried three times, then the webhook is suspended (the count is a simulator choice). Events while
 * suspended are dropped, not replayed.
 */
async function deliver(state: SimState, hook: Webhook, body: string): Promise<void> {
  const key = randomUUID();
  for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
    if (hook.status !== "Active" || !state.world.webhooks.has(hook.id)) return;
    const headers: Record<string, string> = { "Idempotency-Key": key };
    if (hook.secret !== undefined) {
      headers["X-Hook-Signature"] = sign(hook.secret, body);
      headers["X-Hook-Secret"] = newChallenge();
    }
    try {
      const res = await post(state, hook.hookUrl, body, headers);
      if (res.status >= 200 && res.status < 300) {
        state.stats.webhooks.delivered++;
        return;
      }
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        state.stats.webhooks.failed++;
        suspend(state, hook);
        return;
      }
    } catch {
      // timeout or connection refused: retried below
    }
    state.stats.webhooks.failed++;
    const wait = RETRY_DELAYS_MS[attempt];
    if (wait !== undefined) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  suspend(state, hook);
}
