// One call to Wrike with a deadline: never follows redirects, never throws, and says whether a
// failure was the deadline (upstream_timeout) or the network (upstream_unreachable).

export type UpstreamResult<T> = { ok: true; value: T } | { ok: false; timedOut: boolean };

/**
 * Fetches `url` and hands the response to `read`; the deadline covers `read` too, so a caller that
 * returns the response at once bounds only the wait for Wrike's headers (the body then streams at its
 * own pace), while one that reads the body bounds the whole exchange. A throw from `read` counts as a
 * failure; `timedOut()` lets `read` tell a body cut by the deadline from a malformed one.
 */
export async function fetchUpstream<T>(
  url: string | URL,
  init: Omit<RequestInit, "redirect" | "signal">,
  timeoutMs: number,
  read: (res: Response, timedOut: () => boolean) => T | Promise<T>,
): Promise<UpstreamResult<T>> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const res = await fetch(url, { ...init, redirect: "manual", signal: controller.signal });
    return { ok: true, value: await read(res, () => timedOut) };
  } catch {
    return { ok: false, timedOut };
  } finally {
    clearTimeout(timer);
  }
}
