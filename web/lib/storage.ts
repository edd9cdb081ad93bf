// localStorage and sessionStorage that never throw, and the one list of keys the app writes for a session.
//
// A browser may deny storage (privacy settings, a third-party frame): then even reading `localStorage`
// throws a SecurityError. The app carries on with what it holds in memory, so every access goes here.

export type StorageArea = "local" | "session";

export interface StorageKey {
  area: StorageArea;
  key: string;
}

/**
 * Everything the app writes while someone is signed in. A finished sign-out leaves none of them. (The
 * theme choice is a preference of the browser's user, not part of a session, and stays.)
 */
export const SESSION_KEYS = {
  /** Expiry (Unix s) of the newest access token any tab has: a number, not a secret. */
  newestExpiry: { area: "local", key: "wrike-pane-newest-expiry" },
  /** A permanent token the person asked this tab to remember. */
  permanent: { area: "session", key: "wrike-pane-permanent" },
  /** "1" while a sign-out has not yet reached the relay: the next load finishes it first. */
  signingOut: { area: "local", key: "wrike-pane-signing-out" },
} as const satisfies Record<string, StorageKey>;

function storage(area: StorageArea): Storage | null {
  try {
    return (area === "local" ? globalThis.localStorage : globalThis.sessionStorage) ?? null;
  } catch {
    return null;
  }
}

/** The stored value, or null when absent or when storage is denied. */
export function readItem(k: StorageKey): string | null {
  try {
    return storage(k.area)?.getItem(k.key) ?? null;
  } catch {
    return null;
  }
}

/** Stores `value`; false when storage is denied or full. */
export function writeItem(k: StorageKey, value: string): boolean {
  try {
    const s = storage(k.area);
    if (!s) return false;
    s.setItem(k.key, value);
    return true;
  } catch {
    return false;
  }
}

/** Removes the key; false when storage is denied. */
export function removeItem(k: StorageKey): boolean {
  try {
    const s = storage(k.area);
    if (!s) return false;
    s.removeItem(k.key);
    return true;
  } catch {
    return false;
  }
}
