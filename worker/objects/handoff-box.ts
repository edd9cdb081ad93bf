// A Durable Object per embed sign-in hand-off: binds the popup's new session to the frame's nonce, once.
//
// The sign-in popup runs first-party, so the cookie it could set is invisible to the partitioned frame
// that asked for it. Instead, /auth/login opens a box for the frame's nonce (pending), /auth/callback
// fills it with the sealed session (ready, HANDOFF_TTL_SECONDS), and the frame's own POST /auth/handoff
// takes it out (used). A Durable Object because single use needs one strongly consistent place to
// decide "first redemption wins"; each method runs inside blockConcurrencyWhile, so two redemptions
// arriving together are decided strictly one after the other (the input gate alone let two concurrent
// takes both read "ready" in a test). Storage (not memory) so an eviction between the popup's callback
// and the frame's redemption loses nothing. The object is named by the nonce's SHA-256 (the
// nonce itself never reaches it), and an alarm deletes everything once the entry has expired. Only the
// three embed sign-in routes touch it: never the API proxy or /auth/token.
import { DurableObject } from "cloudflare:workers";

type Entry =
  | { state: "pending"; until: number }
  | { state: "ready"; until: number; sealed: string }
  | { state: "used"; until: number };

export type TakeResult = { status: "ready"; sealed: string } | { status: "pending" } | { status: "invalid" };

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
  fill(sealed: string, ttlSeconds: number): Promise<boolean> {
    return this.ctx.blockConcurrencyWhile(() => this.#fill(sealed, ttlSeconds));
  }

  /** The frame redeems: the sealed session the first time, then never again (used until it expires). */
  take(): Promise<TakeResult> {
    return this.ctx.blockConcurrencyWhile(() => this.#take());
  }

  async #open(ttlSeconds: number): Promise<boolean> {
    const now = Date.now();
    const entry = await this.#read(now);
    if (entry && entry.state !== "pending") return false;
    await this.#write({ state: "pending", until: now + ttlSeconds * 1000 });
    return true;
  }

  async #fill(sealed: string, ttlSeconds: number): Promise<boolean> {
    const now = Date.now();
    const entry = await this.#read(now);
    if (entry?.state !== "pending") return false;
    await this.#write({ state: "ready", until: now + ttlSeconds * 1000, sealed });
    return true;
  }

  async #take(): Promise<TakeResult> {
    const entry = await this.#read(Date.now());
    if (entry?.state === "pending") return { status: "pending" };
    if (entry?.state !== "ready") return { status: "invalid" };
    // The session leaves storage now: a replay finds only the tombstone.
    await this.#write({ state: "used", until: entry.until });
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
