// The relay's own small HTML pages: a readable error page and the popups' "signed in" hand-backs.
// Built with hono/html, which escapes every interpolated value; only the fixed scripts are raw.
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { HANDOFF_ACK_MESSAGE, HANDOFF_READY_TYPE, SIGNED_IN_MESSAGE } from "../shared/contract.ts";

/** What hono/html builds (synchronous here: nothing interpolated is a promise). */
export type Page = HtmlEscapedString | Promise<HtmlEscapedString>;

const STYLE = raw(`
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; }
  main { max-width: 32rem; padding: 2rem; }
  h1 { font-size: 1.4rem; }
  a { color: #2563eb; }
  .code { font: 600 2rem/1.2 ui-monospace, monospace; letter-spacing: 0.1em; }
`);

/** A value as a JavaScript literal that is safe inside an inline <script> (no `</script>`, no `<!--`). */
const scriptLiteral = (value: unknown): string => JSON.stringify(value).replace(/</g, "\\u003c");

function layout(title: string, body: Page, script?: { nonce: string; code: string }): Page {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} · Wrike Pane</title>
        <style>
          ${STYLE}
        </style>
      </head>
      <body>
        ${body}
        ${
          script
            ? html`<script nonce="${script.nonce}">
                ${raw(script.code)};
              </script>`
            : ""
        }
      </body>
    </html> `;
}

/** A page a person can read: what happened and the way on. `code` is also exposed for tests and tools. */
export function errorPage(title: string, message: string, code: string): Page {
  return layout(
    title,
    html`<main data-error="${code}">
      <h1>${title}</h1>
      <p>${message}</p>
      <p><a href="/">Back to Wrike Pane</a></p>
    </main>`,
  );
}

/**
 * The popup's last page: tells the opener (only if it is this very origin) that sign-in finished, then
 * closes. `location.origin` is the relay's own origin, so the message can never go to a foreign page.
 */
export function popupDonePage(nonce: string): Page {
  const message = scriptLiteral(SIGNED_IN_MESSAGE);
  const code =
    `try { if (window.opener) window.opener.postMessage(${message}, window.location.origin); } catch (e) {}` +
    ` window.close();`;
  return layout(
    "Signed in",
    html`<main data-signed-in="true">
      <h1>You are signed in</h1>
      <p>You can close this window and go back to Wrike Pane.</p>
      <p><a href="/">Open Wrike Pane</a></p>
    </main>`,
    { nonce, code },
  );
}

/**
 * The embed sign-in popup's last page. The session is not here but bound to the frame's nonce; the frame
 * (this popup's opener, on this same origin) needs the one-time redemption code, which goes only to
 * `window.opener` with this origin as the exact target, never into the page's text, a URL or storage.
 * When the frame has it, it answers, and the window closes. Without an answer (opener cut by a
 * Cross-Origin-Opener-Policy on the way, a popup opened without an opener, or a window that is not a
 * pane at all) the page shows the pairing code for the person to type into the pane they started from.
 */
export function handoffReadyPage(nonce: string, redemption: string, pairing: string): Page {
  const ready = scriptLiteral({ type: HANDOFF_READY_TYPE, code: redemption });
  const ack = scriptLiteral(HANDOFF_ACK_MESSAGE.type);
  const code =
    `(function () { var acked = false;` +
    ` window.addEventListener("message", function (e) {` +
    ` if (e.origin !== window.location.origin || e.source !== window.opener) return;` +
    ` if (!e.data || e.data.type !== ${ack}) return; acked = true; window.close(); });` +
    ` try { if (window.opener && window.opener !== window) window.opener.postMessage(${ready}, window.location.origin); } catch (e) {}` +
    ` setTimeout(function () { if (acked) return; document.getElementById("pairing").hidden = false;` +
    ` document.getElementById("finishing").hidden = true; }, 1500); })();`;
  return layout(
    "Signed in",
    html`<main data-handoff="ready">
      <h1>You are signed in</h1>
      <p id="finishing">Finishing in the pane you started from…</p>
      <section id="pairing" hidden>
        <p>If the pane asks for a pairing code, type this code there:</p>
        <p class="code" data-pairing-code>${pairing}</p>
        <p>
          Only type this code into the Wrike Pane you started signing in from. Nobody from Wrike or Wrike Pane
          will ask you for it. It works once, for five minutes.
        </p>
        <p>If you did not start signing in from a Wrike Pane, close this window.</p>
      </section>
    </main>`,
    { nonce, code },
  );
}
