// The build's list of what a return visit preloads (/assets/return-visit.json), read from the assets once
// per isolate: the app's page names its chunks in a Link header when the browser says it has a session.
import { preloadLinks } from "../lib/return-visit.ts";

const PATH = "/assets/return-visit.json";
let links: Promise<string[]> | null = null;

/** The Link header values; [] where the build has no list (the dev server answers its app page). */
export function returnVisitLinks(assets: Fetcher, origin: string): Promise<string[]> {
  links ??= assets
    .fetch(new Request(`${origin}${PATH}`))
    .then(async (res) =>
      res.ok && (res.headers.get("content-type") ?? "").includes("json")
        ? preloadLinks(await res.json())
        : [],
    )
    .catch(() => []);
  return links;
}
