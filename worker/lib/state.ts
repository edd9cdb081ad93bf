// OAuth `state` for one sign-in flow: `<flowId>.<secret>`, where the flow id names that flow's cookie.
import { toBase64Url } from "./seal.ts";

/** 128 random bits, base64url: 22 characters. */
export function randomId(bytes = 16): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

const ID = /^[A-Za-z0-9_-]{22}$/;
const STATE = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export interface Flow {
  flowId: string;
  state: string;
}

/** A fresh flow: the id is public (it names a cookie), the rest of state is 256 random bits. */
export function newFlow(): Flow {
  const flowId = randomId(16);
  return { flowId, state: `${flowId}.${randomId(32)}` };
}

/** The flow id a `state` claims, or undefined when it is not one of ours by shape. */
export function flowIdOf(state: string | undefined): string | undefined {
  if (!state) return undefined;
  return STATE.exec(state)?.[1];
}

export function isFlowId(value: string): boolean {
  return ID.test(value);
}

/**
 * Compares two strings in time that depends only on their lengths, not on where they differ.
 * Hand-written because WebCrypto's timingSafeEqual is a workerd extension that Node lacks.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
