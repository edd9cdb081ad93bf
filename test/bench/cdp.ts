// A small Chrome DevTools Protocol client: drives Chromium with nothing of its own in each document it loads.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";

/** One protocol event, from the browser or one page's session. */
export interface CdpEvent {
  method: string;
  // The protocol's own shapes: each caller reads the few fields it needs.
  params: Record<string, unknown>;
  sessionId?: string;
}

/**
 * What Playwright passes Chromium (its chromiumSwitches, those that bear on timing: nothing throttled or
 * backgrounded, no paint holding), so that the two drivers run the same browser and differ only as drivers.
 */
const QUIET = [
  "--disable-features=AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,HttpsUpgrades," +
    "HttpsFirstBalancedModeAutoEnable,LensOverlay,MediaRouter,PaintHolding,ThirdPartyStoragePartitioning," +
    "AvoidCorsURLLoaderRestartOnRedirect,OptimizationHints,NetworkTimeServiceQuerying,AimEnabled,PreconnectToSearch",
  "--allow-pre-commit-input",
  "--disable-dev-shm-usage",
  "--force-color-profile=srgb",
  "--disable-popup-blocking",
  "--disable-prompt-on-repost",
  "--headless",
  "--hide-scrollbars",
  "--mute-audio",
  "--disable-field-trial-config",
  "--disable-background-timer-throttling",
  "--disable-backgrounding-occluded-windows",
  "--disable-back-forward-cache",
  "--disable-renderer-backgrounding",
  "--disable-ipc-flooding-protection",
  "--disable-hang-monitor",
  "--no-default-browser-check",
];

export class Cdp {
  readonly #ws: WebSocket;
  readonly #proc: ChildProcess;
  readonly #dir: string;
  #id = 0;
  readonly #pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  readonly #listeners = new Set<(e: CdpEvent) => void>();

  private constructor(ws: WebSocket, proc: ChildProcess, dir: string) {
    this.#ws = ws;
    this.#proc = proc;
    this.#dir = dir;
    ws.addEventListener("message", (e) => {
      const m = JSON.parse(String(e.data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      } & Partial<CdpEvent>;
      if (m.id !== undefined) {
        const p = this.#pending.get(m.id);
        this.#pending.delete(m.id);
        if (m.error) p?.reject(new Error(m.error.message));
        else p?.resolve(m.result);
      } else if (m.method) {
        for (const fn of this.#listeners) fn(m as CdpEvent);
      }
    });
  }

  /** Starts Chromium at `path` with `args` (and QUIET) on a port of its choosing, in a profile of its own. */
  static async launch(path: string, args: readonly string[]): Promise<Cdp> {
    const dir = mkdtempSync(`${tmpdir()}/wp-bench-cdp-`);
    const proc = spawn(
      path,
      [...args, ...QUIET, "--remote-debugging-port=0", `--user-data-dir=${dir}`, "about:blank"],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let seen = "";
      proc.once("exit", (code) => reject(new Error(`Chromium exited (${code}): ${seen.slice(-500)}`)));
      proc.stderr!.on("data", (d: Buffer) => {
        seen += d.toString();
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
        if (m) resolve(m[1]!);
      });
    });
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => {
      ws.addEventListener("open", resolve, { once: true });
      ws.addEventListener("error", () => reject(new Error("could not reach Chromium's DevTools")), {
        once: true,
      });
    });
    return new Cdp(ws, proc, dir);
  }

  send<T = Record<string, unknown>>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = ++this.#id;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  on(fn: (e: CdpEvent) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  async close(): Promise<void> {
    this.#ws.close();
    const gone = new Promise((r) => this.#proc.once("exit", r));
    this.#proc.kill();
    await gone;
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** One page in a browser context of its own (a fresh profile's cookies, cache and storage). */
export class CdpPage {
  readonly #cdp: Cdp;
  readonly sessionId: string;
  readonly #context: string;

  private constructor(cdp: Cdp, sessionId: string, context: string) {
    this.#cdp = cdp;
    this.sessionId = sessionId;
    this.#context = context;
  }

  static async open(cdp: Cdp, viewport: { width: number; height: number }): Promise<CdpPage> {
    const { browserContextId } = await cdp.send<{ browserContextId: string }>("Target.createBrowserContext");
    const { targetId } = await cdp.send<{ targetId: string }>("Target.createTarget", {
      url: "about:blank",
      browserContextId,
      ...viewport,
    });
    const { sessionId } = await cdp.send<{ sessionId: string }>("Target.attachToTarget", {
      targetId,
      flatten: true,
    });
    const page = new CdpPage(cdp, sessionId, browserContextId);
    await page.send("Page.enable");
    await page.send("Emulation.setDeviceMetricsOverride", {
      ...viewport,
      deviceScaleFactor: 1,
      mobile: false,
    });
    return page;
  }

  send<T = Record<string, unknown>>(method: string, params: object = {}): Promise<T> {
    return this.#cdp.send<T>(method, params, this.sessionId);
  }

  /** This page's events named `method`. */
  on(method: string, fn: (params: Record<string, unknown>) => void): () => void {
    return this.#cdp.on((e) => {
      if (e.sessionId === this.sessionId && e.method === method) fn(e.params);
    });
  }

  /** `expression`'s value in the page (awaited when it is a promise); throws what the page threw. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send<{ result: { value?: T }; exceptionDetails?: { text: string } }>(
      "Runtime.evaluate",
      { expression, returnByValue: true, awaitPromise: true },
    );
    if (r.exceptionDetails) throw new Error(`page: ${r.exceptionDetails.text}`);
    return r.result.value as T;
  }

  /** Polls `expression` until it is truthy (a navigation in between just means "not yet"). */
  async waitFor<T>(expression: string, timeoutMs = 30_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = await this.evaluate<T>(expression).catch(() => undefined);
      if (v) return v;
      if (Date.now() > until) throw new Error(`timed out waiting for ${expression.slice(0, 80)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    await this.#cdp.send("Target.disposeBrowserContext", { browserContextId: this.#context });
  }
}
