// The build's list of what a visit fetches ahead (/assets/return-visit.json), read from the assets once per
// isolate: the app's page names the signed-in chunks in Link headers (preloads back, prefetches first time).
import { prefetchLinks, preloadLinks } from "../lib/return-visit.ts";

const PATH = "/assets/return-visit.json";

interface VisitLinks {
  /** A return visit (the session hint is there): preloads. */
  back: string[];
  /** A first visit: prefetches of the signed-in app, for the page after Wrike's consent. */
  first: string[];
}
let links: Promise<VisitLinks> | null = null;

/** The Link header values for a return or a first visit; none where the build has no list (the dev server). */
export async function visitLinks(assets: Fetcher, origin: string, returning: boolean): Promise<string[]> {
  links ??= assets
    .fetch(new Request(`${origin}${PATH}`))
    .then(async (res) => {
      if (!res.ok || !(res.headers.get("content-type") ?? "").includes("json"))
        return { back: [], first: [] };
      const list: unknown = await res.json();
      return { back: preloadLinks(list), first: prefetchLinks(list) };
    })
    .catch(() => ({ back: [], first: [] }));
  const l = await links;
  return returning ? l.back : l.first;
}
