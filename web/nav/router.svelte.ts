// Client-side routing on the History API: the current path and query, and where a task panel returns to.
import { parseRoute, type Route } from "./routes.ts";

interface HistoryState {
  /** The screen behind a task panel (a path), so closing the panel goes back to it. */
  behind?: string;
  /** This entry was pushed by the app (so history.back() stays inside it). */
  inApp?: boolean;
}

export class Router {
  path = $state(location.pathname);
  search = $state(location.search);
  #state = $state.raw<HistoryState>((history.state as HistoryState | null) ?? {});

  readonly route: Route = $derived(parseRoute(this.path));
  /** The screen shown under a task panel; for a deep link straight to a task, My tasks. */
  readonly behind: Route = $derived.by(() => {
    if (this.route.name !== "task") return this.route;
    const b = this.#state.behind ? parseRoute(new URL(this.#state.behind, location.origin).pathname) : null;
    return b && b.name !== "task" && b.name !== "notfound" ? b : { name: "tasks" };
  });
  /** Query string of the screen behind the panel (the list's filter). */
  readonly behindSearch: string = $derived.by(() => {
    if (this.route.name !== "task") return this.search;
    return this.#state.behind ? new URL(this.#state.behind, location.origin).search : "";
  });

  constructor() {
    window.addEventListener("popstate", (e) => {
      this.#state = (e.state as HistoryState | null) ?? {};
      this.path = location.pathname;
      this.search = location.search;
    });
  }

  /** Navigates within the app. Opening a task from a screen remembers the screen behind it. */
  navigate(to: string, opts: { replace?: boolean } = {}): void {
    const url = new URL(to, location.origin);
    if (url.origin !== location.origin) return;
    const current = `${location.pathname}${location.search}`;
    if (`${url.pathname}${url.search}` === current && !opts.replace) return;
    const toTask = parseRoute(url.pathname).name === "task";
    const fromTask = this.route.name === "task";
    // Task to task replaces the entry, so that closing the panel still goes back to the list.
    const replace = opts.replace || (toTask && fromTask);
    const state: HistoryState = {
      inApp: replace ? this.#state.inApp : true,
      behind: toTask ? (fromTask ? this.#state.behind : current) : undefined,
    };
    if (replace) history.replaceState(state, "", url);
    else history.pushState(state, "", url);
    this.#state = state;
    this.path = url.pathname;
    this.search = url.search;
  }

  /** Closes a task panel: back in history when the app opened it, else to the screen behind. */
  closePanel(): void {
    if (this.route.name !== "task") return;
    if (this.#state.inApp && this.#state.behind) {
      history.back();
    } else {
      const behind = this.#state.behind ?? "/tasks";
      this.navigate(behind, { replace: true });
    }
  }

  /** Updates the query string of the current screen without a new history entry. */
  setSearch(search: string): void {
    const url = `${location.pathname}${search}`;
    history.replaceState(history.state, "", url);
    this.search = search;
  }
}

export const router = new Router();

/** Click handler for in-app links: plain left clicks navigate here; modified clicks keep browser behaviour. */
export function linkClick(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.currentTarget as HTMLElement).closest("a");
  if (!a || a.target === "_blank" || a.hasAttribute("download")) return;
  const href = a.getAttribute("href");
  if (!href || !href.startsWith("/") || href.startsWith("//") || href.startsWith("/auth/")) return;
  e.preventDefault();
  router.navigate(href);
}
