// Steps of a Session's sign-in that need none of its state: the relay's first token (retried while the
// relay or Wrike is busy or away), and what a token may do.
import type { TokenResponse } from "../../worker/shared/contract.ts";
import { retry } from "../platform/retry.ts";
import { asAppError } from "../wrike/errors.ts";
import type { SessionReporter } from "./session-options.ts";
import type { TokenKind, Tokens } from "./tokens.svelte.ts";

/**
 * The relay's token for this browser's session; null when `stop()` says there is no longer any need (another
 * tab signed this one in, or began a sign-out, while it waited). The reporter hears each wait, and its end.
 */
export async function firstToken(
  tokens: Tokens,
  reporter: SessionReporter,
  stop: () => boolean,
): Promise<TokenResponse | null> {
  try {
    return await retry(async () => (stop() ? null : tokens.initial()), {
      onRetry: (w) => reporter.wait("start", { error: asAppError(w.error), until: w.until, ms: w.ms }),
    });
  } finally {
    reporter.wait("start", null);
  }
}

/** Writes need wsReadWrite (or Default); permanent tokens carry the user's full rights. */
export function canWriteWith(kind: TokenKind | null, scope: string): boolean {
  return kind === "permanent" || scope.split(/[\s,]+/).some((s) => s === "wsReadWrite" || s === "Default");
}
