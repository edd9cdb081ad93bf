// Small SVG avatars (initials on a colour) served at /avatars/<contactId>.svg (people and groups), and
// for spaces.
import type { ServerResponse } from "node:http";
import { escapeHtml, sendText } from "./http.ts";
import type { SimState } from "./state.ts";

export function serveAvatar(state: SimState, res: ServerResponse, name: string): void {
  const id = name.replace(/\.svg$/, "");
  let initials: string;
  let color: string;
  const contact = state.world.contacts.find((c) => c.id === id);
  const group = state.world.groups.find((g) => g.id === id);
  const space = id.startsWith("space-") ? state.world.folders.get(id.slice(6)) : undefined;
  if (contact) {
    initials = `${contact.firstName[0] ?? ""}${contact.lastName[0] ?? ""}`;
    color = contact.color;
  } else if (group) {
    initials = group.title
      .split(/\s+/)
      .map((w) => w[0] ?? "")
      .join("")
      .slice(0, 2);
    color = group.color;
  } else if (space) {
    initials = space.title.slice(0, 2);
    color = "#475569";
  } else {
    sendText(res, 404, "No such avatar");
    return;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64" role="img" aria-label="${escapeHtml(initials)}">
<rect width="64" height="64" rx="32" fill="${escapeHtml(color)}"/>
<text x="32" y="40" font-family="system-ui,sans-serif" font-size="24" font-weight="600" fill="#fff" text-anchor="middle">${escapeHtml(initials)}</text>
</svg>`;
  res.writeHead(200, {
    "Content-Type": "image/svg+xml",
    "Content-Length": Buffer.byteLength(svg),
    "Cache-Control": "public, max-age=3600",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    // The app shows avatars from another origin.
    "Cross-Origin-Resource-Policy": "cross-origin",
  });
  res.end(svg);
}
