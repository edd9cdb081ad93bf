// Names of people and folders by id, fetched in batches of up to 100 and kept for the session.
import { SvelteMap } from "svelte/reactivity";
import type { WrikeApi } from "./api.ts";
import type { Session } from "../session/session.svelte.ts";
import { indexStatuses, type StatusInfo } from "./workflows.ts";
import type { Contact, Folder, Workflow } from "./types.ts";

/** Collects ids asked for in the same tick and fetches them together. */
class Batcher<T extends { id: string }> {
  readonly items = new SvelteMap<string, T>();
  /** Ids Wrike could not return (deleted, no access): asked once, not again. */
  readonly missing = new Set<string>();
  #pending = new Set<string>();
  #asked = new Set<string>();
  #scheduled = false;
  readonly #collection: string;
  readonly #api: WrikeApi;

  constructor(collection: string, api: WrikeApi) {
    this.#collection = collection;
    this.#api = api;
  }

  want(ids: readonly string[]): void {
    for (const id of ids) {
      if (!this.items.has(id) && !this.#asked.has(id)) this.#pending.add(id);
    }
    if (this.#pending.size > 0 && !this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => void this.#flush());
    }
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const ids = [...this.#pending];
    this.#pending.clear();
    for (const id of ids) this.#asked.add(id);
    try {
      const found = await this.#api.getByIds<T>(this.#collection, ids, undefined, { maxRetries: 5 });
      for (const item of found) this.items.set(item.id, item);
      for (const id of ids) if (!this.items.has(id)) this.missing.add(id);
    } catch {
      // Let a later view ask again.
      for (const id of ids) this.#asked.delete(id);
    }
  }

  reset(): void {
    this.items.clear();
    this.missing.clear();
    this.#pending.clear();
    this.#asked.clear();
  }
}

export class Directory {
  readonly contacts: Batcher<Contact>;
  readonly folders: Batcher<Folder>;
  /** Custom statuses by id, from /workflows (loaded once per session). */
  statuses = $state.raw<Map<string, StatusInfo>>(new Map());
  statusesLoaded = $state(false);
  #statusLoad: Promise<void> | null = null;
  readonly #api: WrikeApi;

  constructor(session: Session, api: WrikeApi) {
    this.#api = api;
    this.contacts = new Batcher<Contact>("contacts", api);
    this.folders = new Batcher<Folder>("folders", api);
    session.onReset(() => {
      this.contacts.reset();
      this.folders.reset();
      this.statuses = new Map();
      this.statusesLoaded = false;
      this.#statusLoad = null;
    });
  }

  loadStatuses(): Promise<void> {
    this.#statusLoad ??= this.#api
      .get<Workflow>("workflows")
      .then((res) => {
        this.statuses = indexStatuses(res.data);
        this.statusesLoaded = true;
      })
      .catch(() => {
        // Without workflows, statuses show by group only; try again next time a view needs them.
        this.#statusLoad = null;
      });
    return this.#statusLoad;
  }
}
