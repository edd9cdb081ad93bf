// The app's shared instances, built once in web/main.ts and handed down the component tree.
import { createContext } from "svelte";
import type { WrikeApi } from "./wrike/api.ts";
import type { Directory } from "./wrike/directory.svelte.ts";
import type { Live } from "./live/live.svelte.ts";
import type { Session } from "./auth/session.svelte.ts";
import type { Status } from "./ui/status.svelte.ts";
import type { TaskDetail } from "./tasks/detail.svelte.ts";
import type { MyWork } from "./tasks/mywork.svelte.ts";
import type { TaskList } from "./tasks/tasklist.svelte.ts";
import type { Writes } from "./tasks/writes.ts";

export interface AppContext {
  status: Status;
  session: Session;
  /** The session's Wrike client. */
  api: WrikeApi;
  directory: Directory;
  live: Live;
  /** Status changes, comments and new tasks: optimistic, confirmed or rolled back, one event stream. */
  writes: Writes;
  myWork: MyWork;
  taskList: TaskList;
  taskDetail: TaskDetail;
}

/** `setApp` in the root component; `getApp` in any component below it (during its initialisation). */
export const [getApp, setApp] = createContext<AppContext>();
