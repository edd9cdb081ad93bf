// The relay's own small HTML pages: a readable error page and the popups' "signed in" hand-backs.
import { HANDOFF_ACK_MESSAGE, HANDOFF_READY_TYPE, SIGNED_IN_MESSAGE } from "./contract.ts";

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
  .code { font: 600 2rem/1.2 ui-monospace, monospace; letter-spacing: 0.1em; }
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

/** A value as a JavaScript literal that is safe inside an inline <script> (no `</script>`, no `<!--`). */
const scriptLiteral = (value: unknown): string => JSON.stringify(value).replace(/</g, "\\u003c");

/**
 * The embed sign-in popup's last page. The session is not here but bound to the frame's nonce; the frame
 * (this popup's opener, on this same origin) needs the one-time redemption code, which goes only to
 * `window.opener` with this origin as the exact target, never into the page's text, a URL or storage.
 * When the frame has it, it answers, and the window closes. Without an answer (opener cut by a
 * Cross-Origin-Opener-Policy on the way, a popup opened without an opener, or a window that is not a
 * pane at all) the page shows the pairing code for the person to type into the pane they started from.
 */
export function handoffReadyPage(nonce: string, code: string, pairing: string): string {
  const ready = scriptLiteral({ type: HANDOFF_READY_TYPE, code });
  const ack = scriptLiteral(HANDOFF_ACK_MESSAGE.type);
  const script =
    `(function () { var acked = false;` +
    ` window.addEventListener("message", function (e) {` +
    ` if (e.origin !== window.location.origin || e.source !== window.opener) return;` +
    ` if (!e.data || e.data.type !== ${ack}) return; acked = true; window.close(); });` +
    ` try { if (window.opener && window.opener !== window) window.opener.postMessage(${ready}, window.location.origin); } catch (e) {}` +
    ` setTimeout(function () { if (acked) return; document.getElementById("pairing").hidden = false;` +
    ` document.getElementById("finishing").hidden = true; }, 1500); })();`;
  return layout(
    "Signed in",
    `<main data-handoff="ready">
<h1>You are signed in</h1>
<p id="finishing">Finishing in the pane you started from…</p>
<section id="pairing" hidden>
<p>If the pane asks for a pairing code, type this code there:</p>
<p class="code" data-pairing-code>${escapeHtml(pairing)}</p>
<p>Only type this code into the Wrike Pane you started signing in from. Nobody from Wrike or Wrike Pane will
ask you for it. It works once, for five minutes.</p>
<p>If you did not start signing in from a Wrike Pane, close this window.</p>
</section>
</main>`,
    nonce,
    script,
  );
}
