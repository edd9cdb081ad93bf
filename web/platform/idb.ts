// A small key-value store over IndexedDB (one database, one object store); every failure reads as "nothing kept".

export interface KeyValue {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  /** Every key (to clear a user's entries). */
  keys(): Promise<string[]>;
  delete(keys: readonly string[]): Promise<void>;
  clear(): Promise<void>;
}

const STORE = "kept";

/**
 * An open request the page's inline script started while it parsed, left on the window under `key`
 * (web/index.html), taken once; null when there is none.
 */
export function earlyOpen(key: string): IDBOpenDBRequest | null {
  if (typeof window === "undefined" || typeof IDBOpenDBRequest === "undefined") return null;
  const w = window as unknown as Record<string, unknown>;
  const r = w[key];
  delete w[key];
  return r instanceof IDBOpenDBRequest ? r : null;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error("IndexedDB request failed"));
  });
}

/**
 * The browser's IndexedDB database `name`, opened on first use (or by `early`, the page's own request for
 * it, already on its way); null where IndexedDB is missing (or denied: every call then resolves empty).
 * Private windows and storage-denied frames simply keep nothing.
 */
export function indexedKeyValue(name: string, early: IDBOpenDBRequest | null = null): KeyValue | null {
  if (typeof indexedDB === "undefined") return null;
  let db: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const r = early ?? indexedDB.open(name, 1);
      const adopted = r === early;
      early = null;
      if (adopted && r.readyState === "done") {
        if (r.error) reject(r.error);
        else resolve(r.result);
        return;
      }
      // The page's request came with its own upgrade handler (the same store).
      if (!adopted) r.onupgradeneeded = () => r.result.createObjectStore(STORE);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error("IndexedDB open failed"));
      r.onblocked = () => reject(new Error("IndexedDB open blocked"));
    });
    db.catch(() => (db = null));
    return db;
  };
  const run = async <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const tx = (await open()).transaction(STORE, mode);
    const result = request(fn(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    });
    return result;
  };
  return {
    // A read is done when its request is: its transaction's "complete" is one more task behind others.
    get: async <T>(key: string) =>
      request(
        (await open()).transaction(STORE, "readonly").objectStore(STORE).get(key) as IDBRequest<
          T | undefined
        >,
      ),
    set: async (key, value) => void (await run("readwrite", (s) => s.put(value, key))),
    keys: async () => (await run("readonly", (s) => s.getAllKeys())).map(String),
    delete: async (keys) => {
      if (keys.length === 0) return;
      const tx = (await open()).transaction(STORE, "readwrite");
      for (const k of keys) tx.objectStore(STORE).delete(k);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
      });
    },
    clear: async () => void (await run("readwrite", (s) => s.clear())),
  };
}
