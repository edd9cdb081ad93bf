// A return visit painted before the relay has answered: the last visit's scope and profile as this browser
// kept them, and whether the relay's first token is for that same user and data centre.
import type { TokenResponse } from "../../worker/shared/contract.ts";
import type { Kept, KeptScope } from "../platform/kept.ts";
import type { KeptProfile } from "./session-options.ts";
import type { Tokens } from "./tokens.svelte.ts";

export class ReturnVisit {
  /** Painted from the kept copy; the relay has not yet named the session's user. */
  active = $state(false);
  /** The copy's data centre, until the relay's token names one. */
  host = $state("");
  #scope: KeptScope | null = null;
  readonly #kept: Kept | null;
  readonly #tokens: Tokens;

  constructor(kept: Kept | null, tokens: Tokens) {
    this.#kept = kept;
    this.#tokens = tokens;
  }

  /**
   * The last visit's profile, read before the relay answers (null when none is kept); from now on the
   * session's queries wait for its first token (Tokens.expectFirst) instead of failing as signed out.
   */
  async profile(): Promise<KeptProfile | null> {
    const scope = this.#kept?.resumeLast();
    if (!this.#kept || !scope) return null;
    this.#tokens.expectFirst();
    const profile = await this.#kept.read<KeptProfile>("profile");
    if (!profile || profile.me.id !== scope.userId) return null;
    this.#scope = scope;
    return profile;
  }

  /** Whether the copy may still be shown: no token yet, or one for the copy's user and data centre. */
  fits(tokens: Tokens): boolean {
    const s = this.#scope;
    if (!s) return false;
    if (!tokens.signedIn) return true;
    return tokens.host === s.host && (tokens.userId === null || tokens.userId === s.userId);
  }

  /** The copy is on the screen. */
  painted(): void {
    this.active = true;
    this.host = this.#scope?.host ?? "";
  }

  /** The relay's token is for someone else (or another data centre) than the copy on the screen. */
  otherThan(token: TokenResponse): boolean {
    const s = this.#scope;
    if (!this.active || !s) return false;
    return s.host !== token.host || (token.user_id !== undefined && token.user_id !== s.userId);
  }

  end(): void {
    this.active = false;
    this.host = "";
  }
}
