// Why a session ended or could not begin, in the person's words, for the app (tabs) and the pane alike.
import type { AppError } from "../wrike/errors.ts";

/** What else of this app can sign the person out: another tab of the app, or another embedded pane. */
export type Place = "tab" | "pane";

/** Why the session ended (the relay or Wrike refused it). */
export function lostReason(
  error: AppError,
  kind: "oauth" | "permanent" | null,
  place: Place = "tab",
): string {
  if (kind === "permanent") return "Wrike no longer accepts the permanent token. Sign in again.";
  switch (error.code) {
    case "session_expired":
      return "Your Wrike session has expired or was ended in Wrike. Sign in again to continue.";
    case "not_signed_in":
      return place === "tab"
        ? "Your session ended (you may have signed out in another window). Sign in again to continue."
        : "Your session ended (you may have signed out elsewhere). Sign in again to continue.";
    default:
      return "Wrike no longer accepts this session (access may have been revoked). Sign in again to continue.";
  }
}

/** Another tab or pane signed out without saying why. */
export function signedOutElsewhere(place: Place): string {
  return place === "tab" ? "You signed out in another tab." : "You signed out in another pane.";
}

/** Start-up found no session it could use: nothing to say when there simply was none. */
export function startFailure(error: AppError, place: Place): string | null {
  if (error.code === "not_signed_in") return null;
  if (error.code === "session_expired") return lostReason(error, "oauth", place);
  return `${error.message} Try signing in again.`;
}

/** A permanent token that could not be checked with Wrike, and what to do about it. */
export function tokenCheckFailure(error: AppError, host: string): string {
  switch (error.code) {
    case "unauthorized":
    case "forbidden":
      return tokenRefused(host);
    case "refused":
      return error.source === "host_not_allowed"
        ? `This Wrike Pane does not allow the data centre ${host}. Pick another one.`
        : `${error.message}`;
    case "offline":
      return "You are offline. Connect and try again.";
    default:
      return `Could not check the token with ${host}: ${error.message} Try again in a moment.`;
  }
}

export function tokenRefused(host: string): string {
  return `Wrike did not accept this token for ${host}: check the token and the data centre.`;
}
