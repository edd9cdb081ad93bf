// Builds the Content-Security-Policy for the app's HTML and the relay's own pages.

export interface CspOptions {
  /** Extra img-src origins (the loopback simulator in local mode). */
  imageOrigins?: readonly string[];
  /** Origins that may frame the page; empty means none (the default for every page but /embed). */
  frameAncestors?: readonly string[];
  /** A per-response nonce for the relay's one inline script (the popup hand-back). */
  scriptNonce?: string | undefined;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const scriptSrc = ["'self'"];
  if (options.scriptNonce) scriptSrc.push(`'nonce-${options.scriptNonce}'`);
  const ancestors = options.frameAncestors?.length ? [...options.frameAncestors] : ["'none'"];
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    ["script-src", scriptSrc],
    ["style-src", ["'self'", "'unsafe-inline'"]],
    ["img-src", ["'self'", "data:", "https:", ...(options.imageOrigins ?? [])]],
    ["connect-src", ["'self'"]],
    ["frame-ancestors", ancestors],
    ["base-uri", ["'none'"]],
    ["form-action", ["'self'"]],
    ["object-src", ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(" ")}`).join("; ");
}
