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

/** The part of the Web Storage API the app uses. */
export type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** Where each area lives; a provider may throw (denied) or give null (absent). */
export type StorageAreas = Record<StorageArea, () => StorageLike | null | undefined>;

/** The browser's own areas, looked up on every access (a test or a setting may swap or deny them). */
const BROWSER: StorageAreas = {
  local: () => globalThis.localStorage,
  session: () => globalThis.sessionStorage,
};

/** Storage whose every access is guarded: reads give null and writes false where the area is denied. */
export class SafeStorage {
  readonly #areas: StorageAreas;

  constructor(areas: StorageAreas = BROWSER) {
    this.#areas = areas;
  }

  #area(area: StorageArea): StorageLike | null {
    try {
      return this.#areas[area]() ?? null;
    } catch {
      return null;
    }
  }

  /** The stored value, or null when absent or when storage is denied. */
  read(k: StorageKey): string | null {
    try {
      return this.#area(k.area)?.getItem(k.key) ?? null;
    } catch {
      return null;
    }
  }

  /** Stores `value`; false when storage is denied or full. */
  write(k: StorageKey, value: string): boolean {
    try {
      const s = this.#area(k.area);
      if (!s) return false;
      s.setItem(k.key, value);
      return true;
    } catch {
      return false;
    }
  }

  /** Removes the key; false when storage is denied. */
  remove(k: StorageKey): boolean {
    try {
      const s = this.#area(k.area);
      if (!s) return false;
      s.removeItem(k.key);
      return true;
    } catch {
      return false;
    }
  }
}

/** An area kept in this document's memory. */
export function memoryArea(): StorageLike {
  const items = new Map<string, string>();
  return {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, String(v)),
    removeItem: (k) => void items.delete(k),
  };
}

/** The browser's area when it can be used, else (denied, as in some third-party frames) one in memory. */
function usableOrMemory(area: StorageArea): () => StorageLike {
  let usable: StorageLike | null = null;
  try {
    const s = BROWSER[area]();
    if (s) {
      void s.getItem("wrike-pane-probe");
      usable = s;
    }
  } catch {
    usable = null;
  }
  const chosen = usable ?? memoryArea();
  return () => chosen;
}

/**
 * For a frame that the browser may deny storage: a denied sessionStorage is replaced by one in memory
 * (as the browser's would be, it is this document's alone). A denied localStorage stays absent: it
 * carries what tabs tell each other (a pending sign-out's flag), and a copy in memory would hold a flag
 * that another frame has since cleared; without it each frame goes by what it holds itself.
 */
export function frameStorage(): SafeStorage {
  return new SafeStorage({ local: BROWSER.local, session: usableOrMemory("session") });
}

/** The browser's storage, guarded: what the app uses unless given another. */
export const browserStorage = new SafeStorage();

/** The stored value, or null when absent or when storage is denied. */
export function readItem(k: StorageKey): string | null {
  return browserStorage.read(k);
}

/** Stores `value`; false when storage is denied or full. */
export function writeItem(k: StorageKey, value: string): boolean {
  return browserStorage.write(k, value);
}

/** Removes the key; false when storage is denied. */
export function removeItem(k: StorageKey): boolean {
  return browserStorage.remove(k);
}
