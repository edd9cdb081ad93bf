// The app's shared instances, built once in web/main.ts and handed down the component tree.
import { createContext } from "svelte";
import type { WrikeApi } from "./wrike/api.ts";
import type { Directory } from "./wrike/directory.svelte.ts";
import type { Live } from "./live/live.svelte.ts";
import type { Session } from "./session/session.svelte.ts";
import type { Status } from "./ui/status.svelte.ts";
import type { TaskDetail } from "./tasks/detail.svelte.ts";
import type { MyWork } from "./tasks/mywork.svelte.ts";
import type { TasksStore } from "./tasks/tasklist.svelte.ts";
import type { Writes } from "./tasks/writes.ts";
import type { Timer } from "./time/timer.svelte.ts";
import type { Week } from "./time/week.svelte.ts";

/**
 * What only a signed-in user needs: built in web/main.ts from a chunk of their own once a session has (or may
 * have) a user, and read only below the shell (mounted once they are built).
 */
export interface SignedInStores {
  directory: Directory;
  live: Live;
  /** Status changes, comments and new tasks: optimistic, confirmed or rolled back, one event stream. */
  writes: Writes;
  myWork: MyWork;
  taskDetail: TaskDetail;
  /** The one timer of this browser (all tabs), and its unsaved entries. */
  timer: Timer;
  /** My week's timesheet. */
  week: Week;
}

export interface AppContext extends SignedInStores {
  status: Status;
  session: Session;
  /** The session's Wrike client. */
  api: WrikeApi;
  /** Where My tasks keeps its last first page between visits (the store itself is built with the screen). */
  tasksStore?: TasksStore;
}

/** `setApp` in the root component; `getApp` in any component below it (during its initialisation). */
export const [getApp, setApp] = createContext<AppContext>();
