// The embed view's options from its URL (`/embed?view=tasks|work|profile&theme=light|dark`).

export type EmbedView = "tasks" | "work" | "profile";
export type EmbedTheme = "light" | "dark";

export const EMBED_VIEWS: readonly EmbedView[] = ["tasks", "work", "profile"];

export interface EmbedParams {
  view: EmbedView;
  theme: EmbedTheme;
}

/** Unknown or missing values fall back to the defaults (tasks, light): a typo must not blank the pane. */
export function parseEmbedParams(search: string): EmbedParams {
  const q = new URLSearchParams(search);
  const view = q.get("view");
  const theme = q.get("theme");
  return {
    view: (EMBED_VIEWS as readonly (string | null)[]).includes(view) ? (view as EmbedView) : "tasks",
    theme: theme === "dark" ? "dark" : "light",
  };
}
