// The app's composition root: the theme on <html> before the first paint, then every instance the app
// shares (status bar, token store, sign-out, Wrike client, session, writes, data stores), built once here and
// handed to the components through context (./lib/context.ts).
import { mount } from "svelte";
import App from "./App.svelte";
import { WrikeApi } from "./wrike/api.ts";
import type { AppContext } from "./context.ts";
import { Directory } from "./wrike/directory.svelte.ts";
import { Live } from "./live/live.svelte.ts";
import { Session } from "./session/session.svelte.ts";
import { RelaySignOut } from "./session/signout.ts";
import { Status, waitOnline } from "./ui/status.svelte.ts";
import { theme } from "./ui/theme.svelte.ts";
import { Tokens } from "./session/tokens.svelte.ts";
import { TaskDetail } from "./tasks/detail.svelte.ts";
import { MyWork } from "./tasks/mywork.svelte.ts";
import type { Snapshot } from "./tasks/tasklist.svelte.ts";
import { Writes } from "./tasks/writes.ts";
import { indexedKeyValue } from "./platform/idb.ts";
import { Kept, KEPT_DB } from "./platform/kept.ts";
import { browserStorage } from "./platform/storage.ts";
import { hasRelaySessionHint } from "./session/relay.ts";
import { Timer } from "./time/timer.svelte.ts";
import { Week } from "./time/week.svelte.ts";
import "./app.css";

document.documentElement.dataset.theme = theme.dark ? "dark" : "light";

const status = new Status();
const signOut = new RelaySignOut();
// A token from another tab must not sign this one in while a sign-out is on its way to the relay.
const tokens = new Tokens({ signingOut: () => signOut.pending });
const api = new WrikeApi({
  tokens,
  onActivity: status.activity,
  onRetry: (id, n) => status.setNotice(id, n),
  waitOnline,
});
// The last My work, My tasks' first page and the profile, kept in IndexedDB between visits for this user and
// account (platform/kept.ts); the embed keeps nothing.
const kept = new Kept(indexedKeyValue(KEPT_DB), browserStorage);
const session = new Session({
  kept,
  tokens,
  api,
  signOut,
  reporter: { wait: (key, w) => status.setNotice(key, w), clear: () => status.clear() },
  checker: (source) => new WrikeApi({ tokens: source, onActivity: status.activity, maxRetries: 1 }),
});
const directory = new Directory(session, api);
// Every optimistic write goes through one module; the stores and the live feed subscribe to its events.
const writes = new Writes({
  api,
  me: () => session.me?.id,
  rootFolderId: () => session.account?.rootFolderId,
  onFailure: (message) => status.announce(message),
});
const live = new Live(session, api, status, writes);
const myWork = new MyWork(session, api, live, writes);
myWork.useStore({ read: () => kept.read("work"), write: (d) => kept.write("work", d) });

// The timer and My week share what Wrike says: a saved timer lands in the week, a plan refusal hides both.
const week: Week = new Week({
  api,
  session,
  announce: status.announce,
  onPlanRefused: () => timer.refusedByPlan(),
});
const timer = new Timer({ api, session, announce: status.announce, onSaved: (t) => week.added(t) });
session.onReset(() => (week.reset(), timer.reset()));

const app: AppContext = {
  status,
  session,
  api,
  directory,
  live,
  writes,
  myWork,
  tasksStore: {
    // Only the view shown last: a return visit opens on it (lastview.ts).
    read: async (key) => {
      const k = await kept.read<{ key: string; first: Snapshot }>("tasks");
      return k?.key === key ? k.first : null;
    },
    write: (key, first) => kept.write("tasks", { key, first }),
  },
  taskDetail: new TaskDetail(session, api, live, directory, writes),
  timer,
  week,
};

// A return visit: the kept copies are read while the relay is asked for a token (used only if it names
// the same user), and the session starts before the first render rather than after it.
if (hasRelaySessionHint()) kept.prefetch(["profile", "work"]);
void session.start();
mount(App, { target: document.getElementById("app")!, props: { app } });
