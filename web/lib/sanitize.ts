// Wrike's HTML (descriptions, comments) made inert with DOMPurify before it reaches the DOM.
import DOMPurify from "dompurify";
import { isSafeHref } from "./urls.ts";

const purify = DOMPurify(window);

// Every surviving link opens in a new tab without giving that tab a handle on this page or a referrer;
// anything but http(s) or mailto loses its href altogether.
purify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    const href = node.getAttribute("href");
    if (href === null || !isSafeHref(href)) {
      node.removeAttribute("href");
    } else {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  }
  if (node.tagName === "IMG") {
    const src = node.getAttribute("src");
    if (src !== null && !/^https:\/\//i.test(src.trim())) node.removeAttribute("src");
    node.setAttribute("referrerpolicy", "no-referrer");
    node.setAttribute("loading", "lazy");
  }
});

const CONFIG = {
  // Wrike's rich text: formatting, lists, tables, links, images. No forms, frames, styles or SVG.
  USE_PROFILES: { html: true },
  FORBID_TAGS: [
    "style",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "option",
    "iframe",
    "frame",
    "object",
    "embed",
    "svg",
    "math",
    "base",
    "meta",
    "link",
  ],
  FORBID_ATTR: ["style", "srcset", "action", "formaction", "xlink:href"],
  ALLOW_DATA_ATTR: false,
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
};

export function sanitizeHtml(html: string | undefined | null): string {
  if (!html) return "";
  return purify.sanitize(html, CONFIG);
}
