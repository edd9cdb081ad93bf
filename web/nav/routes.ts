// The app's client routes: parse a path into a route, and the path of each route.

export type Route =
  | { name: "work" }
  | { name: "tasks" }
  | { name: "task"; id: string }
  | { name: "profile" }
  | { name: "week" }
  | { name: "notfound"; path: string };

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/") return { name: "work" };
  if (path === "/tasks") return { name: "tasks" };
  if (path === "/profile") return { name: "profile" };
  if (path === "/week") return { name: "week" };
  const m = /^\/tasks\/([^/]+)$/.exec(path);
  if (m) {
    try {
      const id = decodeURIComponent(m[1]!);
      if (id) return { name: "task", id };
    } catch {
      // malformed escape: not found
    }
  }
  return { name: "notfound", path: pathname };
}

export function taskPath(id: string): string {
  return `/tasks/${encodeURIComponent(id)}`;
}

/** A same-origin path for the relay's return_to (never an absolute or protocol-relative URL). */
export function safeReturnPath(path: string): string {
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/";
}
