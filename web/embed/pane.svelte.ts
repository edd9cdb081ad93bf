// The pane as a whole: its session, sign-in and data, its notice while starting, and what it reports to
// the embedding page.
import type { SessionReporter } from "../session/session.svelte.ts";
import type { Session } from "../session/session.svelte.ts";
import { asAppError, whatToDo } from "../wrike/errors.ts";
import type { Task } from "../wrike/types.ts";
import type { EmbedTasks, PaneProblem } from "./data.svelte.ts";
import type { HostChannel } from "./messages.ts";
import type { EmbedParams } from "./params.ts";
import type PaneProfile from "./PaneProfile.svelte";
import type PaneSignIn from "./PaneSignIn.svelte";
import type PaneTasks from "./PaneTasks.svelte";
import { loadProfile, loadSignIn, loadTasks } from "./screens.ts";
import type { EmbedSignIn } from "./signin.svelte.ts";

/** A failed load as the pane says it: Wrike's or the relay's error, and what to do about it. */
function problemOf(e: unknown): PaneProblem {
  const error = asAppError(e);
  return { message: error.message, advice: whatToDo(error.code) };
}

/** The session's reporter in a pane: while starting, the relay or Wrike is slow or away and it retries. */
export class PaneNotice implements SessionReporter {
  text = $state<string | null>(null);

  wait: SessionReporter["wait"] = (key, w) => {
    // Refresh waits go unsaid: the pane shows its data meanwhile, and its requests say if they fail.
    if (key === "start") this.text = w ? `${w.error.message} Retrying in ${w.ms / 1000} s.` : null;
  };

  clear = (): void => {
    this.text = null;
  };
}

export class Pane {
  readonly params: EmbedParams;
  readonly session: Session;
  /**
   * The popup sign-in and the tasks store come with their screens' chunks (./screens.ts), so the first
   * chunk holds neither: each is made when its chunk is in, then kept for the page's life.
   */
  signIn = $state.raw<EmbedSignIn | null>(null);
  tasks = $state.raw<EmbedTasks | null>(null);
  readonly #host: HostChannel;
  readonly #notice: PaneNotice;
  #started = false;

  /** `session` reports to `notice`; the pane follows it in and out. */
  constructor(params: EmbedParams, host: HostChannel, session: Session, notice: PaneNotice) {
    this.params = params;
    this.#host = host;
    this.session = session;
    this.#notice = notice;
    session.onChange((state) => this.#changed(state));
  }

  /** The sign-in screen, its flow made (it listens for the popup's message from then on). */
  async signInScreen(): Promise<typeof PaneSignIn> {
    const { PaneSignIn, EmbedSignIn } = await loadSignIn();
    this.signIn ??= new EmbedSignIn((token) => void this.session.signedIn(token));
    return PaneSignIn;
  }

  /** The tasks screen, its store made. */
  async tasksScreen(): Promise<typeof PaneTasks> {
    const { PaneTasks, EmbedTasks } = await loadTasks();
    this.tasks ??= new EmbedTasks(problemOf);
    return PaneTasks;
  }

  profileScreen(): Promise<typeof PaneProfile> {
    return loadProfile();
  }

  /** Shown while starting: why it takes long, if it does. */
  get notice(): string | null {
    return this.#notice.text;
  }

  /** First state, first data, then `ready`: the embedder hears it once the pane shows something real. */
  async start(): Promise<void> {
    await this.session.start();
    if (this.session.state === "signed-in") await this.reload();
    this.#started = true;
    this.#host.send({
      type: "wrike-pane:ready",
      detail: { signedIn: this.session.state === "signed-in", view: this.params.view },
    });
  }

  async reload(): Promise<void> {
    const meId = this.session.me?.id;
    if (!meId || this.params.view === "profile") return;
    try {
      await this.tasksScreen();
    } catch {
      return; // the pane says where its screen would be that its chunk did not load (Embed.svelte)
    }
    // Signed out (or in as someone else) while the chunk came: that sign-in's own reload loads.
    if (this.session.me?.id !== meId || !this.tasks) return;
    await this.tasks.load(this.session.api, meId, this.params.view === "work");
  }

  /** A task was opened from the pane: the embedder hears which (id and Wrike link, nothing else). */
  opened(task: Task): void {
    this.#host.send({
      type: "wrike-pane:task-open",
      detail: { id: task.id, permalink: task.permalink ?? null },
    });
  }

  resized(height: number): void {
    this.#host.resize(height);
  }

  #changed(state: "signed-in" | "signed-out"): void {
    if (state === "signed-in") {
      this.signIn?.cancel();
      this.#host.send({ type: "wrike-pane:signed-in", detail: {} });
      if (this.#started) void this.reload();
    } else {
      this.tasks?.reset();
      this.#host.send({ type: "wrike-pane:signed-out", detail: {} });
    }
  }
}
