// What the app keeps in this browser between visits (IndexedDB): the last My work, My tasks' first page and the
// profile, keyed by user and account, for at most a week. Never a token. Written only once a sign-in has
// succeeded; gone on sign-out, when a session ends, and when another user or account signs in.
import type { KeyValue } from "./idb.ts";
import type { SafeStorage, StorageKey } from "./storage.ts";

/** Copies older than this are not shown (and are overwritten by the next visit's answers). */
export const KEPT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
export const KEPT_DB = "wrike-pane-kept";
/** Where web/index.html's inline script leaves its early open request for KEPT_DB (a return visit). */
export const KEPT_EARLY_OPEN = "wrikePaneKeptOpen";
/** Where the inline script leaves its reads of the last scope's profile and My work (EarlyReads). */
export const KEPT_EARLY_READS = "wrikePaneKeptReads";
/** Whose copies are kept: ids only (a user, an account, a host), never anything secret. */
export const KEPT_SCOPE_KEY: StorageKey = { area: "local", key: "wrike-pane-kept-scope" };

export interface KeptScope {
  host: string;
  userId: string;
  accountId: string;
}

export type KeptKind = "profile" | "work" | `tasks${string}`;

export interface KeptEntry<T> {
  at: number;
  value: T;
}

export function keptKey(scope: KeptScope, kind: KeptKind): string {
  return `${scope.host}|${scope.accountId}|${scope.userId}|${kind}`;
}

export function sameScope(a: KeptScope | null, b: KeptScope | null): boolean {
  return (
    a !== null && b !== null && a.host === b.host && a.userId === b.userId && a.accountId === b.accountId
  );
}

/** An entry younger than KEPT_MAX_AGE_MS (and not from the future: a clock moved back). */
export function usableEntry<T>(e: KeptEntry<T> | undefined, now: number): e is KeptEntry<T> {
  return e !== undefined && e.at <= now + 60_000 && now - e.at < KEPT_MAX_AGE_MS;
}

export function parseScope(raw: string | null): KeptScope | null {
  try {
    const s = JSON.parse(raw ?? "null") as Partial<KeptScope> | null;
    return typeof s?.host === "string" && typeof s.userId === "string" && typeof s.accountId === "string"
      ? { host: s.host, userId: s.userId, accountId: s.accountId }
      : null;
  } catch {
    return null;
  }
}

/**
 * web/index.html's reads, made while the page parsed: the scope (KEPT_SCOPE_KEY's raw value) they are for,
 * and the entries by kind (null when IndexedDB failed them).
 */
export interface EarlyReads {
  scope: string | null;
  reads: Promise<Partial<Record<KeptKind, unknown>> | null>;
}

/** The inline script's reads, left on the window under `key`, taken once; null when there are none. */
export function earlyReads(key: string): EarlyReads | null {
  if (typeof window === "undefined") return null;
  const w = window as unknown as Record<string, unknown>;
  const e = w[key] as Partial<EarlyReads> | undefined;
  delete w[key];
  return e && (typeof e.scope === "string" || e.scope === null) && e.reads instanceof Promise
    ? { scope: e.scope, reads: e.reads }
    : null;
}

/**
 * The kept copies. `resume(userId, host)` (a return visit whose relay session names the user) makes the last
 * scope readable before the profile has loaded; `confirm(scope)` (a sign-in that succeeded) makes it writable,
 * clearing everything first when it is another user or account; `clear()` on every way out.
 */
export class Kept {
  #readable: KeptScope | null = null;
  #writable: KeptScope | null = null;
  /** Answers that came before the sign-in was confirmed: written once it is, dropped if it fails. */
  #pending = new Map<KeptKind, unknown>();
  /** A wipe on its way: every read and write waits for it. */
  #ready: Promise<void> = Promise.resolve();
  /** Reads started at page load for the last scope, used only once resume() confirms that scope. */
  #early: { scope: KeptScope; reads: Map<KeptKind, Promise<KeptEntry<unknown> | undefined>> } | null = null;
  readonly #kv: KeyValue | null;
  readonly #storage: SafeStorage;
  readonly #now: () => number;

  constructor(kv: KeyValue | null, storage: SafeStorage, now: () => number = Date.now) {
    this.#kv = kv;
    this.#storage = storage;
    this.#now = now;
  }

  /**
   * Starts reading the last scope's copies of `kinds` now (page load), while the relay is asked who is
   * signed in; nothing read is used unless resume() then names that same scope.
   */
  prefetch(kinds: readonly KeptKind[], early: EarlyReads | null = null): void {
    const raw = this.#storage.read(KEPT_SCOPE_KEY);
    const last = parseScope(raw);
    if (!last || !this.#kv) return;
    const kv = this.#kv;
    const own = (k: KeptKind) => kv.get<KeptEntry<unknown>>(keptKey(last, k)).catch(() => undefined);
    // The page's own reads, when they are of this same scope (else, or where they failed, read again).
    const adopted = early && early.scope === raw ? early.reads.catch(() => null) : null;
    const read = (k: KeptKind) =>
      adopted
        ? adopted.then((r) => (r && k in r ? (r[k] as KeptEntry<unknown> | undefined) : own(k)))
        : own(k);
    const reads = new Map(kinds.map((k) => [k, read(k)]));
    this.#early = { scope: last, reads };
  }

  /** The last signed-in scope, when it is this user's on this host: its copies may be read now. */
  resume(userId: string, host: string): KeptScope | null {
    const last = parseScope(this.#storage.read(KEPT_SCOPE_KEY));
    this.#readable = last && last.userId === userId && last.host === host ? last : null;
    return this.#readable;
  }

  /**
   * The last signed-in scope, readable before the relay has named the user (a return visit paints at once);
   * resume() once the relay answers narrows it to that user's, or to nothing.
   */
  resumeLast(): KeptScope | null {
    this.#readable = parseScope(this.#storage.read(KEPT_SCOPE_KEY));
    return this.#readable;
  }

  /** Whether the copies readable now (resume) are `scope`'s: false means another user's or account's. */
  holds(scope: KeptScope | null): boolean {
    return sameScope(this.#readable, scope);
  }

  /** A sign-in succeeded as `scope`: another user's or account's copies go, and this one's may be written. */
  confirm(scope: KeptScope): Promise<void> {
    const last = parseScope(this.#storage.read(KEPT_SCOPE_KEY));
    if (last && !sameScope(last, scope)) this.#ready = this.#wipe();
    this.#early = null;
    this.#storage.write(KEPT_SCOPE_KEY, JSON.stringify(scope));
    this.#readable = this.#writable = scope;
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const [kind, value] of pending) this.write(kind, value);
    return this.#ready;
  }

  async read<T>(kind: KeptKind): Promise<T | null> {
    const scope = this.#readable;
    if (!scope || !this.#kv) return null;
    try {
      await this.#ready;
      const early = sameScope(this.#early?.scope ?? null, scope) ? this.#early?.reads.get(kind) : undefined;
      this.#early?.reads.delete(kind);
      const e = (await (early ?? this.#kv.get<KeptEntry<unknown>>(keptKey(scope, kind)))) as
        KeptEntry<T> | undefined;
      // Signed out or switched while IndexedDB answered.
      if (!sameScope(scope, this.#readable)) return null;
      return usableEntry(e, this.#now()) ? e.value : null;
    } catch {
      return null;
    }
  }

  /**
   * Keeps `value` for the confirmed scope. Before a sign-in has succeeded it is only held in memory (the
   * tasks may answer before the profile does), and written once it has.
   */
  write(kind: KeptKind, value: unknown): void {
    const scope = this.#writable;
    if (!this.#kv) return;
    // A Svelte state proxy or a Task with methods would not clone: store plain JSON data.
    const plain: unknown = JSON.parse(JSON.stringify(value));
    if (!scope) {
      this.#pending.set(kind, plain);
      return;
    }
    const entry: KeptEntry<unknown> = { at: this.#now(), value: plain };
    void this.#ready
      .then(() => (sameScope(scope, this.#writable) ? this.#kv?.set(keptKey(scope, kind), entry) : undefined))
      .catch(() => {});
  }

  /** Signed out, the session ended, or another account: nothing kept may be read or written, and all goes. */
  clear(): Promise<void> {
    this.#readable = this.#writable = null;
    this.#early = null;
    this.#pending.clear();
    this.#storage.remove(KEPT_SCOPE_KEY);
    this.#ready = this.#wipe();
    return this.#ready;
  }

  async #wipe(): Promise<void> {
    try {
      await this.#kv?.clear();
    } catch {
      // Nothing to clear where IndexedDB is denied.
    }
  }
}
