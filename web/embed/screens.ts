// The pane's screens, each a chunk fetched on first need: the sign-in while signed out, the tasks or the
// profile once signed in (the embedding page loads only the one its state and view ask for).
import type PaneProfile from "./PaneProfile.svelte";
import type PaneSignIn from "./PaneSignIn.svelte";
import type PaneTasks from "./PaneTasks.svelte";
import type { EmbedView } from "./params.ts";
import { once } from "../platform/once.ts";

export type Screens = { signIn: typeof PaneSignIn; tasks: typeof PaneTasks; profile: typeof PaneProfile };

export const loadSignIn = once(() => import("./PaneSignIn.svelte").then((m) => m.default));
// A signed-in screen comes with the sign-in's chunk: a sign-out must show the sign-in even offline.
export const loadTasks = once(() =>
  Promise.all([import("./PaneTasks.svelte"), loadSignIn()]).then(([m]) => m.default),
);
export const loadProfile = once(() =>
  Promise.all([import("./PaneProfile.svelte"), loadSignIn()]).then(([m]) => m.default),
);

/** Fetches the screen the pane will show first, beside the session's start (`signedIn`: a relay session is likely). */
export function prefetch(signedIn: boolean, view: EmbedView): void {
  const load = !signedIn ? loadSignIn : view === "profile" ? loadProfile : loadTasks;
  void load().catch(() => {});
}
