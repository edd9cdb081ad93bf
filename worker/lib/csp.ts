// Builds the Content-Security-Policy for the app's HTML and the relay's own pages, and for everything else.

export interface CspOptions {
  /**
   * Where scripts may come from: the built assets only (`<origin>/assets/`, a path-restricted source, so
   * no same-origin answer outside /assets/ — an API response above all — can ever run as a script).
   */
  scriptSources: readonly string[];
  /** img-src origins besides 'self' and data: (Wrike's own data-centre hosts: avatars, inline images). */
  imageOrigins?: readonly string[];
  /** Origins that may frame the page; empty means none (the default for every page but /embed). */
  frameAncestors?: readonly string[];
  /** A per-response nonce for the relay's one inline script (the popup hand-back). */
  scriptNonce?: string | undefined;
}

/** The policy of every response that is not HTML: nothing in it may load, run or be framed. */
export const NON_HTML_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

export function contentSecurityPolicy(options: CspOptions): string {
  const scriptSrc = [...options.scriptSources];
  if (options.scriptNonce) scriptSrc.push(`'nonce-${options.scriptNonce}'`);
  const ancestors = options.frameAncestors?.length ? [...options.frameAncestors] : ["'none'"];
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    ["script-src", scriptSrc],
    ["style-src", ["'self'", "'unsafe-inline'"]],
    ["img-src", ["'self'", "data:", ...(options.imageOrigins ?? [])]],
    ["connect-src", ["'self'"]],
    ["frame-ancestors", ancestors],
    ["base-uri", ["'none'"]],
    ["form-action", ["'self'"]],
    ["object-src", ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(" ")}`).join("; ");
}
