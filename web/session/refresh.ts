// When to refresh an access token: ahead of expiry, by a margin that suits both hour-long and tiny lifetimes.

/**
 * Seconds before `expiresAt` at which to refresh: 50 s for ordinary tokens (inside the relay's own
 * 60 s window, so the relay does refresh rather than hand back the same token), half the lifetime for
 * short ones (so a 5-second test token refreshes after ~2.5 s instead of at once, in a loop).
 */
export function refreshMargin(expiresAt: number, receivedAt: number): number {
  const lifetime = Math.max(0, expiresAt - receivedAt);
  return Math.min(50, lifetime / 2);
}

/** Epoch ms at which to refresh. */
export function refreshAt(expiresAt: number, receivedAt: number): number {
  return (expiresAt - refreshMargin(expiresAt, receivedAt)) * 1000;
}

/** The token can still be sent: it has at least `slack` seconds left. */
export function usable(expiresAt: number, nowMs: number, slack = 2): boolean {
  return expiresAt - nowMs / 1000 > slack;
}
