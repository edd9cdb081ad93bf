// Paging with pageSize + nextPageToken: the first call snapshots the matching ids; each token names an
// immutable (ids, offset) pair, so re-sending a token (e.g. after a 5xx) returns the same page.
import { randomBytes } from "node:crypto";
import { base32 } from "../ids.ts";
import type { ApiContext } from "./context.ts";
import { invalidParameter } from "./params.ts";

const MAX_CURSORS = 1000;

function newToken(): string {
  const bytes = randomBytes(25);
  let out = "";
  for (let i = 0; i < bytes.length; i += 5) out += base32(bytes.readUIntBE(i, 5) >>> 0, 7);
  return out;
}

export interface Page {
  ids: string[];
  nextPageToken?: string;
  responseSize?: number;
}

/** Wrike: "nextPageToken overrides other params"; pageSize may be omitted on later pages. */
export function resumeCursor(
  ctx: ApiContext,
  kind: string,
): { ids: string[]; offset: number; pageSize: number } | null {
  const token = ctx.params.str("nextPageToken");
  if (token === undefined) return null;
  const cursor = ctx.state.cursors.get(token);
  if (!cursor || cursor.accountId !== ctx.account.id || cursor.kind !== kind) {
    throw invalidParameter("nextPageToken", "unknown or expired page token");
  }
  const pageSize = ctx.params.int("pageSize", 1, 1000) ?? cursor.pageSize;
  return { ids: cursor.ids, offset: cursor.offset, pageSize };
}

export function page(ctx: ApiContext, kind: string, ids: string[], offset: number, pageSize: number): Page {
  const slice = ids.slice(offset, offset + pageSize);
  const result: Page = { ids: slice, responseSize: ids.length };
  if (offset + pageSize < ids.length) {
    const token = newToken();
    if (ctx.state.cursors.size >= MAX_CURSORS) {
      const oldest = ctx.state.cursors.keys().next().value;
      if (oldest !== undefined) ctx.state.cursors.delete(oldest);
    }
    ctx.state.cursors.set(token, {
      accountId: ctx.account.id,
      kind,
      ids,
      offset: offset + pageSize,
      pageSize,
    });
    result.nextPageToken = token;
  }
  return result;
}
