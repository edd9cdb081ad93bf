// Token book-keeping: single-use authorization codes, access/refresh pairs with rotation, permanent
// tokens, and revocation of everything a user holds.
import { createHmac, randomBytes } from "node:crypto";
import type { HostKey } from "./types.ts";

/** What a token or code stands for: one user in one account on one data centre, with scopes. */
export interface Grant {
  userId: string;
  accountId: string;
  host: HostKey;
  scopes: string[];
  clientId: string | null;
}

export interface CodeRecord extends Grant {
  code: string;
  redirectUri: string;
  /** Whether redirect_uri was on the authorize request (then the exchange must repeat it exactly). */
  redirectUriSent: boolean;
  expiresAt: number;
  used: boolean;
}

export interface AccessRecord extends Grant {
  token: string;
  permanent: boolean;
  expiresAt: number | null;
  revoked: boolean;
}

export interface RefreshRecord extends Grant {
  token: string;
  expiresAt: number;
  used: boolean;
}

export type Checked<T> = { ok: true; record: T } | { ok: false; reason: "unknown" | "used" | "expired" };

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * Tokens look like Wrike's (a JWT-shaped string whose header carries "tt": p permanent, a access,
 * r refresh) but are opaque: the simulator only looks them up.
 */
function mint(tt: "p" | "a" | "r", grant: Grant, signature: string): string {
  const header = b64({ tt, alg: "HS256", tv: "1" });
  const payload = b64({
    d: { a: grant.accountId, u: grant.userId, r: grant.host.toUpperCase() },
    iat: tt === "p" ? 0 : Math.floor(Date.now() / 1000),
  });
  return `${header}.${payload}.${signature}`;
}

/** The same (user, account) always gets the same permanent token, so demos and docs can quote it. */
export function permanentToken(userId: string, accountId: string, host: HostKey): string {
  const signature = createHmac("sha256", "wrike-sim-permanent")
    .update(`${userId}/${accountId}`)
    .digest("base64url");
  return mint("p", { userId, accountId, host, scopes: [], clientId: null }, signature);
}

const random = (): string => randomBytes(32).toString("base64url");

export class TokenStore {
  readonly codes = new Map<string, CodeRecord>();
  readonly access = new Map<string, AccessRecord>();
  readonly refresh = new Map<string, RefreshRecord>();

  issueCode(grant: Grant, redirectUri: string, redirectUriSent: boolean, ttlSeconds: number): string {
    const code = randomBytes(24).toString("base64url");
    this.codes.set(code, {
      ...grant,
      code,
      redirectUri,
      redirectUriSent,
      expiresAt: Date.now() + ttlSeconds * 1000,
      used: false,
    });
    return code;
  }

  /** Single use: the first call marks the code used, whatever happens next. */
  takeCode(code: string): Checked<CodeRecord> {
    const record = this.codes.get(code);
    if (!record) return { ok: false, reason: "unknown" };
    if (record.used) return { ok: false, reason: "used" };
    record.used = true;
    if (Date.now() >= record.expiresAt) return { ok: false, reason: "expired" };
    return { ok: true, record };
  }

  issuePair(
    grant: Grant,
    accessTtl: number,
    refreshTtl: number,
  ): { access: AccessRecord; refresh: RefreshRecord } {
    const now = Date.now();
    const access: AccessRecord = {
      ...grant,
      token: mint("a", grant, random()),
      permanent: false,
      expiresAt: now + accessTtl * 1000,
      revoked: false,
    };
    const refresh: RefreshRecord = {
      ...grant,
      token: mint("r", grant, random()),
      expiresAt: now + refreshTtl * 1000,
      used: false,
    };
    this.access.set(access.token, access);
    this.refresh.set(refresh.token, refresh);
    return { access, refresh };
  }

  /** Rotation: a refresh token works once; the caller then issues a new pair. */
  takeRefresh(token: string): Checked<RefreshRecord> {
    const record = this.refresh.get(token);
    if (!record) return { ok: false, reason: "unknown" };
    if (record.used) return { ok: false, reason: "used" };
    if (Date.now() >= record.expiresAt) return { ok: false, reason: "expired" };
    record.used = true;
    return { ok: true, record };
  }

  addPermanent(grant: Grant, token: string): void {
    this.access.set(token, { ...grant, token, permanent: true, expiresAt: null, revoked: false });
  }

  checkAccess(token: string): Checked<AccessRecord> {
    const record = this.access.get(token);
    if (!record || record.revoked) return { ok: false, reason: "unknown" };
    if (record.expiresAt !== null && Date.now() >= record.expiresAt) return { ok: false, reason: "expired" };
    return { ok: true, record };
  }

  /** Wrike revokes every token a user holds on password reset, deactivation, and similar events. */
  revokeUser(userId: string): number {
    let count = 0;
    for (const record of this.access.values()) {
      if (record.userId === userId && !record.revoked) {
        record.revoked = true;
        count++;
      }
    }
    for (const [key, record] of this.refresh) {
      if (record.userId === userId) {
        this.refresh.delete(key);
        count++;
      }
    }
    for (const [key, record] of this.codes) {
      if (record.userId === userId) this.codes.delete(key);
    }
    return count;
  }

  clear(): void {
    this.codes.clear();
    this.access.clear();
    this.refresh.clear();
  }
}
