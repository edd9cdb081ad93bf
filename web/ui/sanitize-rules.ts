// Which URLs in Wrike's HTML survive the sanitiser: images only from Wrike's own hosts, links only to other origins.

/** What the sanitiser needs to know about where it runs. */
export interface RichTextContext {
  /** Origins images may load from (`https://<session host>`, plus `http://` for a loopback simulator). */
  imageOrigins: readonly string[];
  /** The page's own URL: relative links resolve against it, and links to its origin are dropped. */
  pageUrl: string;
}

/** Shown for a kept image that has neither alt nor title (axe calls an image without alt critical). */
export const DEFAULT_IMAGE_ALT = "Image from Wrike";

/** Links that survive open in a new tab with no handle on this page, no referrer and no endorsement. */
export const LINK_REL = "noopener noreferrer nofollow";

const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

function parse(url: string, base?: string): URL | null {
  try {
    return new URL(url, base);
  } catch {
    return null;
  }
}

/** True for hosts that only this machine serves (the local simulator), where plain http is expected. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === "localhost" || h === "[::1]" || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * The image origins for a session on `host` (e.g. "app-eu.wrike.com" or "127.0.0.1:8822"): that host over
 * https, and over http too when it is a loopback host. Nothing for a missing or malformed host.
 */
export function imageOriginsFor(host: string | null | undefined): string[] {
  if (!host) return [];
  const url = parse(`https://${host}`);
  // A host with a path, credentials or stray characters is not one we recognise; allow nothing.
  if (!url || url.host !== host.toLowerCase() || url.username || url.password || url.pathname !== "/")
    return [];
  const origins = [url.origin];
  if (isLoopbackHost(url.hostname)) origins.push(`http://${url.host}`);
  return origins;
}

/**
 * The absolute URL an image may load from, or null. Only absolute http(s) URLs on an allowed origin pass:
 * a relative src would load from the relay itself, and data: or any other host is not Wrike's.
 */
export function keptImageSrc(src: string | null, allowed: readonly string[]): string | null {
  if (src === null) return null;
  const url = parse(src);
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) return null;
  if (url.username || url.password) return null;
  return allowed.includes(url.origin) ? url.href : null;
}

/**
 * The absolute URL a link may point to, or null. http(s) and mailto only, and never this page's own
 * origin: a Wrike comment must not be able to send a reader to the relay's /auth/* (or anywhere else on
 * it) with one click. Relative links resolve against the page, so they are on its origin and dropped.
 */
export function keptLinkHref(href: string | null, pageUrl: string): string | null {
  if (href === null) return null;
  const page = parse(pageUrl);
  const url = parse(href, page?.href);
  if (!page || !url || !LINK_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol === "mailto:") return url.href;
  // "https://www.wrike.com@evil.example/" reads as Wrike but goes elsewhere; no real link needs credentials.
  if (url.username || url.password || url.origin === page.origin) return null;
  return url.href;
}

/** The alt text for a kept image: its own alt, else its title, else a neutral description. */
export function imageAlt(alt: string | null, title: string | null): string {
  return alt?.trim() || title?.trim() || DEFAULT_IMAGE_ALT;
}
