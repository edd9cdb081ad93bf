// After the next frame is on screen: a rendering opportunity's callback, then the task after it.

/**
 * Resolves once the next frame has painted, or after `maxWaitMs` where none comes (a hidden tab paints no
 * frames); at once, in a task of its own, where there is no rendering at all (tests in Node).
 */
export function afterNextPaint(maxWaitMs = 100): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame !== "function") return void setTimeout(resolve, 0);
    const timer = setTimeout(resolve, maxWaitMs);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }),
    );
  });
}
