// The app's composition root: the theme on <html> before the first paint, then every instance the app
// shares (status bar, token store, sign-out, Wrike client, session, writes, data stores), built here and
// handed to the components through context (./context.ts). What only a signed-in user needs (the stores
// and the shell) is one chunk, loaded once a session has or may have a user and built here then.
// First, before any other module runs: a return visit's first token is asked for at once (early-token.ts).
import { takeEarlyToken } from "./session/early-token.ts";
import { mount, type Component } from "svelte";
import App from "./App.svelte";
import { once } from "./platform/once.ts";
import { readThrough } from "./platform/read-through.ts";
import { WrikeApi } from "./wrike/api.ts";
import type { AppContext, SignedInStores } from "./context.ts";
import { Session } from "./session/session.svelte.ts";
import { RelaySignOut } from "./session/signout.ts";
import { Status, waitOnline } from "./ui/status.svelte.ts";
import { theme } from "./ui/theme.svelte.ts";
import { Tokens } from "./session/tokens.svelte.ts";
import type { Snapshot } from "./tasks/tasklist.svelte.ts";
import { earlyOpen, indexedKeyValue } from "./platform/idb.ts";
import { earlyReads, Kept, KEPT_DB, KEPT_EARLY_OPEN, KEPT_EARLY_READS } from "./platform/kept.ts";
import { browserStorage } from "./platform/storage.ts";
import { hasRelaySessionHint } from "./session/relay.ts";
import "./app.css";

document.documentElement.dataset.theme = theme.dark ? "dark" : "light";

const status = new Status();
const signOut = new RelaySignOut();
// A token from another tab must not sign this one in while a sign-out is on its way to the relay.
const tokens = new Tokens({ signingOut: () => signOut.pending, earlyToken: takeEarlyToken });
const api = new WrikeApi({
  tokens,
  onActivity: status.activity,
  onRetry: (id, n) => status.setNotice(id, n),
  waitOnline,
});
// The last My work, My tasks' first page and the profile, kept in IndexedDB between visits for this user and
// account (platform/kept.ts); the embed keeps nothing.
const kept = new Kept(indexedKeyValue(KEPT_DB, earlyOpen(KEPT_EARLY_OPEN)), browserStorage);
const session = new Session({
  kept,
  frameFirst: true,
  tokens,
  api,
  signOut,
  reporter: { wait: (key, w) => status.setNotice(key, w), clear: () => status.clear() },
  checker: (source) => new WrikeApi({ tokens: source, onActivity: status.activity, maxRetries: 1 }),
});

/** How long a return visit's session waits for the signed-in chunk before it starts without it. */
const CHUNK_WAIT_MS = 1000;

/** The sign-in screen's chunk. */
const loadSignIn = once(() => import("./signin/SignIn.svelte").then((m) => m.default));

let stores: SignedInStores | null = null;

/**
 * The signed-in app's chunk, its stores built once (the first call); resolves to the shell. The sign-in
 * screen's chunk comes down right after it, not waited for: a sign-out must show that screen even
 * offline, but it must not hold up the chunk the first rows need.
 */
const loadSignedIn = once(() => {
  return import("./signed-in.ts").then((m) => {
    void loadSignIn().catch(() => {});
    stores ??= buildStores(m);
    return m.Shell as Component;
  });
});

function buildStores(m: typeof import("./signed-in.ts")): SignedInStores {
  const directory = new m.Directory(session, api);
  // Every optimistic write goes through one module; the stores and the live feed subscribe to its events.
  const writes = new m.Writes({
    api,
    me: () => session.userId ?? undefined,
    rootFolderId: () => session.account?.rootFolderId,
    onFailure: (message) => status.announce(message),
  });
  const live = new m.Live(session, api, status, writes);
  const myWork = new m.MyWork(session, api, live, writes);
  myWork.useStore({ read: () => kept.read("work"), write: (d) => kept.write("work", d) });
  // Built after the sign-in began loading the profile (session.onEntering has fired): My work's query
  // starts now, as it would have then (load() asks nothing without a user id).
  if (session.state !== "signed-out") void myWork.load();

  // The timer and My week share what Wrike says: a saved timer lands in the week, a plan refusal hides both.
  const week: InstanceType<typeof m.Week> = new m.Week({
    api,
    session,
    announce: status.announce,
    onPlanRefused: () => timer.refusedByPlan(),
  });
  const timer = new m.Timer({ api, session, announce: status.announce, onSaved: (t) => week.added(t) });
  session.onReset(() => (week.reset(), timer.reset()));
  return {
    directory,
    live,
    writes,
    myWork,
    taskDetail: new m.TaskDetail(session, api, live, directory, writes),
    timer,
    week,
  };
}

/** A signed-in store, read by the shell's components (only mounted once loadSignedIn has resolved). */
function built(): SignedInStores {
  if (!stores) throw new Error("The signed-in app's stores are read before its chunk loaded.");
  return stores;
}

// The signed-in stores by name, read through to the instances once the chunk has built them.
const signedInStores = readThrough<SignedInStores>(
  { directory: true, live: true, writes: true, myWork: true, taskDetail: true, timer: true, week: true },
  built,
);

const app: AppContext = Object.assign(signedInStores, {
  status,
  session,
  api,
  tasksStore: {
    // Only the view shown last: a return visit opens on it (lastview.ts).
    read: async (key) => {
      const k = await kept.read<{ key: string; first: Snapshot }>("tasks");
      return k?.key === key ? k.first : null;
    },
    write: (key, first) => kept.write("tasks", { key, first }),
  } satisfies AppContext["tasksStore"],
});

// A return visit (or the page after Wrike's consent): the token and the kept copies are already on their way
// (the page's inline script), the signed-in chunk too (the relay's preloads). The session starts once that
// chunk has run, so that its stores hear the user's id with the profile's calls and My work's query leaves
// beside them rather than a chunk's evaluation later. Never for long: a chunk that fails or stalls (just
// after the network came back) starts it all the same, and a sign-out still on its way needs no chunk at
// all. Any other sign-in fetches the chunk as soon as the user's id is known.
const hint = hasRelaySessionHint();
if (hint) kept.prefetch(["profile", "work"], earlyReads(KEPT_EARLY_READS));
session.onEntering(() => void loadSignedIn().catch(() => {}));
const start = () => void session.start();
if (hint && !signOut.pending) {
  void Promise.race([loadSignedIn(), new Promise((r) => setTimeout(r, CHUNK_WAIT_MS))]).then(start, start);
} else start();
// The first Intl date formatter in a renderer process pays for ICU's start-up (15-30 ms here). My work pays
// it as soon as its first queries have left (warmFormatters): an idle callback often comes only after the
// first rows' render, which would pay it. This one covers the other screens, whenever the page is idle.
(globalThis.requestIdleCallback ?? setTimeout)(() => void Intl.DateTimeFormat().resolvedOptions());

mount(App, { target: document.getElementById("app")!, props: { app, loadSignedIn, loadSignIn } });
