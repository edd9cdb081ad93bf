// The relay's own small HTML pages: a readable error page and the popups' "signed in" hand-backs.
import { HANDOFF_READY_MESSAGE, SIGNED_IN_MESSAGE } from "./contract.ts";

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; }
  main { max-width: 32rem; padding: 2rem; }
  h1 { font-size: 1.4rem; }
  a { color: #2563eb; }
`;

function layout(title: string, body: string, nonce?: string, script?: string): string {
  const scriptTag = script && nonce ? `<script nonce="${escapeHtml(nonce)}">${script}</script>` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Wrike Pane</title>
<style>${STYLE}</style>
</head>
<body>
${body}
${scriptTag}
</body>
</html>
`;
}

/** A page a person can read: what happened and the way on. `code` is also exposed for tests and tools. */
export function errorPage(title: string, message: string, code: string): string {
  return layout(
    title,
    `<main data-error="${escapeHtml(code)}">
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
<p><a href="/">Back to Wrike Pane</a></p>
</main>`,
  );
}

/**
 * The popup's last page: tells the opener (only if it is this very origin) that sign-in finished, then
 * closes. `location.origin` is the relay's own origin, so the message can never go to a foreign page.
 */
export function popupDonePage(nonce: string): string {
  const message = JSON.stringify(SIGNED_IN_MESSAGE);
  const script =
    `try { if (window.opener) window.opener.postMessage(${message}, window.location.origin); } catch (e) {}` +
    ` window.close();`;
  return layout(
    "Signed in",
    `<main data-signed-in="true">
<h1>You are signed in</h1>
<p>You can close this window and go back to Wrike Pane.</p>
<p><a href="/">Open Wrike Pane</a></p>
</main>`,
    nonce,
    script,
  );
}

/**
 * The embed sign-in popup's last page. The session is not here but bound to the frame's nonce; the frame
 * (this popup's opener, on this same origin) only needs to hear that it can redeem now. The message
 * carries nothing secret and goes only to this origin; then the window closes. If the opener is gone
 * (severed by a Cross-Origin-Opener-Policy on the way, or the frame was closed), the page stays and says
 * where to go, and the frame, which polls, picks the hand-off up anyway.
 */
export function handoffReadyPage(nonce: string): string {
  const message = JSON.stringify(HANDOFF_READY_MESSAGE);
  const script =
    `try { if (window.opener && window.opener !== window) {` +
    ` window.opener.postMessage(${message}, window.location.origin); window.close(); } } catch (e) {}`;
  return layout(
    "Signed in",
    `<main data-handoff="ready">
<h1>You are signed in</h1>
<p>You are signed in; return to the page you came from.</p>
</main>`,
    nonce,
    script,
  );
}
