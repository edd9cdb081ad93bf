// The pane as a whole: its session, sign-in and data, its notice while starting, and what it reports to
// the embedding page.
import type { SessionReporter } from "../session/session.svelte.ts";
import type { Session } from "../session/session.svelte.ts";
import type { Task } from "../wrike/types.ts";
import { EmbedTasks } from "./data.svelte.ts";
import type { HostChannel } from "./messages.ts";
import type { EmbedParams } from "./params.ts";
import { EmbedSignIn } from "./signin.svelte.ts";

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
  readonly signIn: EmbedSignIn;
  readonly tasks = new EmbedTasks();
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
    this.signIn = new EmbedSignIn((token) => void this.session.signedIn(token));
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
      this.signIn.cancel();
      this.#host.send({ type: "wrike-pane:signed-in", detail: {} });
      if (this.#started) void this.reload();
    } else {
      this.tasks.reset();
      this.#host.send({ type: "wrike-pane:signed-out", detail: {} });
    }
  }
}
