// The pane's screens, each a chunk fetched on first need: the sign-in while signed out, the tasks or the
// profile once signed in (the embedding page loads only the one its state and view ask for).
import type PaneProfile from "./PaneProfile.svelte";
import type { EmbedView } from "./params.ts";
import { once } from "../platform/once.ts";

export const loadSignIn = once(() => import("./signin-screen.ts"));
// A signed-in screen comes with the sign-in's chunk: a sign-out must show the sign-in even offline.
export const loadTasks = once(() =>
  Promise.all([import("./tasks-screen.ts"), loadSignIn()]).then(([m]) => m),
);
export const loadProfile = once((): Promise<typeof PaneProfile> =>
  Promise.all([import("./PaneProfile.svelte"), loadSignIn()]).then(([m]) => m.default),
);

/** Fetches the screen the pane will show first, beside the session's start (`signedIn`: a relay session is likely). */
export function prefetch(signedIn: boolean, view: EmbedView): void {
  const load = !signedIn ? loadSignIn : view === "profile" ? loadProfile : loadTasks;
  void load().catch(() => {});
}
