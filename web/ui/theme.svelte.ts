// Light or dark: follows the system unless the user picks one (their choice kept in localStorage if allowed).
import { readItem, writeItem, type StorageKey } from "../platform/storage.ts";

export type ThemeChoice = "system" | "light" | "dark";

/** A preference of the browser's user, not of a session: sign-out keeps it. */
const KEY: StorageKey = { area: "local", key: "wrike-pane-theme" };

export class Theme {
  choice = $state<ThemeChoice>("system");
  #systemDark = $state(false);

  readonly dark = $derived(this.choice === "dark" || (this.choice === "system" && this.#systemDark));

  constructor() {
    const saved = readItem(KEY);
    if (saved === "light" || saved === "dark") this.choice = saved;
    // No matchMedia (an old embedder's browser, a test without a DOM): light, as the CSS defaults to.
    const mq =
      typeof window === "undefined" ? undefined : window.matchMedia?.("(prefers-color-scheme: dark)");
    this.#systemDark = mq?.matches ?? false;
    mq?.addEventListener("change", (e) => (this.#systemDark = e.matches));
  }

  toggle(): void {
    this.choice = this.dark ? "light" : "dark";
    writeItem(KEY, this.choice);
  }
}

export const theme = new Theme();
