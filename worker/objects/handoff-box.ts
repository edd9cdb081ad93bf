// A Durable Object per embed sign-in hand-off: binds the popup's new session to the frame's nonce, once.
//
// The sign-in popup runs first-party, so the cookie it could set is invisible to the partitioned frame
// that asked for it. Instead, /auth/login opens a box for the frame's nonce (pending), /auth/callback
// fills it with the sealed session and the hashes of two one-time secrets (ready), and the frame takes it
// out with POST /auth/handoff, presenting the nonce and one of those secrets: the redemption code the
// popup posted to its opener, or the pairing code the person read off the popup. Knowing the nonce alone
// only tells whether the box is pending or ready. A wrong secret destroys the box: one guess, ever.
// A Durable Object because single use needs one strongly consistent place to decide "first redemption
// wins"; each method runs inside blockConcurrencyWhile, so two redemptions arriving together are decided
// strictly one after the other. Storage (not memory) so an eviction between the popup's callback and the
// frame's redemption loses nothing. Named by the nonce's hash (the nonce itself never reaches it); an
// alarm deletes everything once the entry has expired. Only the embed sign-in routes touch it.
import { DurableObject } from "cloudflare:workers";
import { constantTimeEqual } from "../lib/state.ts";

interface Secrets {
  /** SHA-256 of the redemption code and of the normalised pairing code (worker/lib/handoff.ts). */
  redemption: string;
  pairing: string;
}

type Entry =
  | { state: "pending"; until: number }
  | { state: "ready"; until: number; sealed: string; secrets: Secrets }
  | { state: "used"; until: number };

export type HandoffState = "pending" | "ready" | "invalid";
export type TakeResult = { status: "ready"; sealed: string } | { status: "pending" } | { status: "invalid" };
/** Which secret the frame presents, as its hash. */
export interface Proof {
  kind: keyof Secrets;
  hash: string;
}

const KEY = "entry";

export class HandoffBox extends DurableObject<Env> {
  /**
   * A popup starts signing in for this nonce: pending for `ttlSeconds`. A reload of the same sign-in
   * link may start again while it is pending; once filled or used, the nonce is spent (false).
   */
  open(ttlSeconds: number): Promise<boolean> {
    return this.ctx.blockConcurrencyWhile(() => this.#open(ttlSeconds));
  }

  /** The popup's sign-in finished: the sealed session waits `ttlSeconds` for the frame. Only once. */
  fill(sealed: string, secrets: Secrets, ttlSeconds: number): Promise<boolean> {
    return this.ctx.blockConcurrencyWhile(() => this.#fill(sealed, secrets, ttlSeconds));
  }

  /** What polling may know: pending, ready, or gone. Changes nothing. */
  state(): Promise<HandoffState> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const entry = await this.#read(Date.now());
      return entry?.state === "pending" || entry?.state === "ready" ? entry.state : "invalid";
    });
  }

  /** The frame redeems with a secret: the sealed session the first time it matches; a wrong one ends the box. */
  take(proof: Proof): Promise<TakeResult> {
    return this.ctx.blockConcurrencyWhile(() => this.#take(proof));
  }

  async #open(ttlSeconds: number): Promise<boolean> {
    const now = Date.now();
    const entry = await this.#read(now);
    if (entry && entry.state !== "pending") return false;
    await this.#write({ state: "pending", until: now + ttlSeconds * 1000 });
    return true;
  }

  async #fill(sealed: string, secrets: Secrets, ttlSeconds: number): Promise<boolean> {
    const now = Date.now();
    const entry = await this.#read(now);
    if (entry?.state !== "pending") return false;
    await this.#write({ state: "ready", until: now + ttlSeconds * 1000, sealed, secrets });
    return true;
  }

  async #take(proof: Proof): Promise<TakeResult> {
    const entry = await this.#read(Date.now());
    if (entry?.state === "pending") return { status: "pending" };
    if (entry?.state !== "ready") return { status: "invalid" };
    // Either way the session leaves storage now: a replay, or a second guess, finds only the tombstone.
    await this.#write({ state: "used", until: entry.until });
    const expected = entry.secrets[proof.kind];
    if (!constantTimeEqual(proof.hash, expected)) return { status: "invalid" };
    return { status: "ready", sealed: entry.sealed };
  }

  override async alarm(): Promise<void> {
    const entry = await this.ctx.storage.get<Entry>(KEY);
    if (entry && entry.until > Date.now()) await this.ctx.storage.setAlarm(entry.until);
    else await this.ctx.storage.deleteAll();
  }

  /** The entry, or undefined when there is none or it has expired (an alarm may not have run yet). */
  async #read(now: number): Promise<Entry | undefined> {
    const entry = await this.ctx.storage.get<Entry>(KEY);
    if (!entry) return undefined;
    if (entry.until <= now) {
      await this.ctx.storage.deleteAll();
      return undefined;
    }
    return entry;
  }

  async #write(entry: Entry): Promise<void> {
    await this.ctx.storage.put(KEY, entry);
    await this.ctx.storage.setAlarm(entry.until);
  }
}
