// Request bodies: read with a size cap, and drain what the relay leaves unread before it answers.
import { RelayError } from "./errors.ts";

/**
 * How much of a body the relay reads and drops in order to answer on a live connection. workerd (under
 * `vite preview` and `wrangler dev`) closes the connection when a Worker answers before the request
 * body is consumed, and the client then sees a reset or a proxy's 500 instead of the answer (a 413 with
 * its CORS headers, say). Larger bodies are cut off: their senders get a dropped connection.
 */
export const DRAIN_CAP_BYTES = 32 * 1024 * 1024;

/** Reads and drops the rest of a stream, at most `cap` bytes; true when it reached the end. */
async function dropRest(reader: ReadableStreamDefaultReader<Uint8Array>, cap: number): Promise<boolean> {
  let dropped = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      dropped += value.byteLength;
      if (dropped > cap) {
        await reader.cancel();
        return false;
      }
    }
  } catch {
    // The client went away mid-body: nothing left to drain.
    return false;
  }
}

/**
 * Drains a request body nobody read (or cancels one over the cap); does nothing if it was read. Returns
 * nothing when there is nothing to drain (the common case), so that the caller need not wait.
 */
export function drainUnread(request: Request, cap = DRAIN_CAP_BYTES): Promise<boolean> | undefined {
  // A declared empty body (a bodiless POST) has nothing to drain: told by its headers first, as reading
  // `body` makes workerd build a stream for it. A GET or HEAD nearly never declares one: `body` says.
  const method = request.method;
  if (method !== "GET" && method !== "HEAD" && declaredLength(request) === 0) return undefined;
  const body = request.body;
  if (!body || body.locked || request.bodyUsed) return undefined;
  if (declaredLength(request) === 0) return undefined;
  return dropRest(body.getReader(), cap);
}

function declaredLength(request: Request): number | undefined {
  const headers = request.headers;
  // With Transfer-Encoding the length header is not the body's length (RFC 9112 §6.3).
  if (headers.has("transfer-encoding")) return undefined;
  const value = headers.get("content-length");
  return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * The whole body, at most `max` bytes (undefined when empty). Over the cap, declared or counted while
 * streaming, the rest is drained first and then `body_too_large` is thrown, so the 413 reaches the client.
 */
export async function readCapped(request: Request, max: number): Promise<Uint8Array | undefined> {
  const body = request.body;
  if (!body) return undefined;
  const reader = body.getReader();
  const declared = declaredLength(request);
  if (declared !== undefined && declared > max) {
    if (declared > DRAIN_CAP_BYTES) await reader.cancel();
    else await dropRest(reader, DRAIN_CAP_BYTES);
    throw new RelayError("body_too_large");
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await dropRest(reader, DRAIN_CAP_BYTES - size);
      throw new RelayError("body_too_large");
    }
    chunks.push(value);
  }
  if (size === 0) return undefined;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
