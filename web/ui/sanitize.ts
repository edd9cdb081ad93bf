// Wrike's HTML (descriptions, comments) made inert with DOMPurify, in a detached document, before it reaches the DOM.
import DOMPurify, { type Config, type DOMPurify as Purifier, type WindowLike } from "dompurify";
import {
  imageAlt,
  imageOriginsFor,
  keptImageSrc,
  keptLinkHref,
  LINK_REL,
  type RichTextContext,
} from "./sanitize-rules.ts";

export type { RichTextContext };

const CONFIG = {
  // Wrike's rich text: formatting, lists, tables, links, images. No forms, frames, styles, SVG or media.
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
    "template",
    // A <dialog open> is a fake in-page prompt; it goes with everything in it.
    "dialog",
    // Media would load from anywhere (src, poster); the CSP would block it noisily anyway.
    "video",
    "audio",
    "source",
    "track",
    // Image maps carry links (<area href>) that the link rules below never see.
    "map",
    "area",
    // axe calls both a serious failure; neither is something Wrike writes.
    "marquee",
    "blink",
  ],
  ADD_FORBID_CONTENTS: ["dialog"],
  FORBID_ATTR: [
    "style",
    "srcset",
    "action",
    "formaction",
    "xlink:href",
    // class styles content as the app's own buttons; id and name clash with the app's (and clobber).
    "class",
    "id",
    "name",
    // URLs that load without passing the image rules.
    "background",
    "poster",
    "usemap",
    // Attributes that refer to the app's elements by id or take over focus and roles.
    "for",
    "headers",
    "popovertarget",
    "popovertargetaction",
    "commandfor",
    "command",
    "tabindex",
    "role",
    "lang",
  ],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  // Links and images are decided below (sanitize-rules.ts), after DOMPurify has done its part.
  RETURN_DOM: true,
} satisfies Config & { RETURN_DOM: true };

/** The window-like parts DOMPurify reads, without trustedTypes (the detached realm cannot make a policy). */
function windowLike(w: Window & typeof globalThis): WindowLike {
  const { document, DocumentFragment, HTMLTemplateElement, Node, Element, NodeFilter, NamedNodeMap } = w;
  const { HTMLFormElement, DOMParser } = w;
  return {
    document,
    DocumentFragment,
    HTMLTemplateElement,
    Node,
    Element,
    NodeFilter,
    NamedNodeMap,
    HTMLFormElement,
    DOMParser,
  };
}

/**
 * Chromium checks the page's CSP whenever an `on…` attribute is parsed, even in a DOMParser or template
 * document, and logs "Executing inline event handler violates…" for each one. A document from a detached
 * frame's realm has no execution context, so parsing there is silent (and just as inert). DOMPurify must
 * be made while the frame is attached (it needs a template there), and it is checked once after.
 */
function detachedPurifier(): Purifier | null {
  try {
    const frame = document.createElement("iframe");
    frame.hidden = true;
    document.documentElement.append(frame);
    const w = frame.contentWindow as (Window & typeof globalThis) | null;
    const purifier = w ? DOMPurify(windowLike(w)) : null;
    frame.remove();
    if (!purifier?.isSupported) return null;
    const probe = purifier.sanitize('<b title="t">x</b>', CONFIG) as Element;
    return probe.innerHTML === '<b title="t">x</b>' ? purifier : null;
  } catch {
    return null;
  }
}

let purifier: Purifier | null = null;
let fallback: Purifier | null = null;

/** The live window's DOMPurify: as safe, only noisier in the console. */
function livePurifier(): Purifier {
  return (fallback ??= DOMPurify(window));
}

function sanitizedBody(html: string): Element {
  purifier ??= detachedPurifier() ?? livePurifier();
  try {
    return purifier.sanitize(html, CONFIG) as Element;
  } catch {
    // A browser that tears the detached realm down later: carry on with the live one.
    purifier = livePurifier();
    return purifier.sanitize(html, CONFIG) as Element;
  }
}

function markLink(a: Element, href: string): void {
  a.setAttribute("href", href);
  a.setAttribute("target", "_blank");
  a.setAttribute("rel", LINK_REL);
}

/** Links to other origins open in a new tab; any other <a> keeps only its text, so it does not look like a link. */
function fixLink(a: Element, context: RichTextContext): void {
  const href = keptLinkHref(a.getAttribute("href"), context.pageUrl);
  if (href === null) {
    const span = a.ownerDocument.createElement("span");
    span.append(...Array.from(a.childNodes));
    a.replaceWith(span);
  } else {
    markLink(a, href);
  }
}

/** Images from Wrike's hosts stay (with an alt); any other becomes a plain link to it, or its text. */
function fixImage(img: Element, context: RichTextContext): void {
  const alt = img.getAttribute("alt");
  const title = img.getAttribute("title");
  const src = keptImageSrc(img.getAttribute("src"), context.imageOrigins);
  if (src !== null) {
    img.setAttribute("src", src);
    img.setAttribute("alt", imageAlt(alt, title));
    img.setAttribute("referrerpolicy", "no-referrer");
    img.setAttribute("loading", "lazy");
    return;
  }
  const href = keptLinkHref(img.getAttribute("src"), context.pageUrl);
  const web = href !== null && /^https?:/.test(href) ? href : null;
  const label = alt?.trim() || title?.trim() || web;
  const doc = img.ownerDocument;
  // Inside a link, another link would nest (and be split when the markup is parsed again): text only.
  if (web !== null && !img.closest("a")) {
    const a = doc.createElement("a");
    markLink(a, web);
    a.textContent = web;
    img.replaceWith(a);
  } else if (label) {
    img.replaceWith(doc.createTextNode(label));
  } else {
    img.remove();
  }
}

/** Wrike HTML as markup that runs nothing, loads nothing but Wrike's images, and links nowhere on the relay. */
export function sanitizeHtml(html: string | undefined | null, context: RichTextContext): string {
  if (!html) return "";
  const body = sanitizedBody(html);
  for (const a of Array.from(body.querySelectorAll("a"))) fixLink(a, context);
  for (const img of Array.from(body.querySelectorAll("img"))) fixImage(img, context);
  return body.innerHTML;
}

/** The context for this page and a session on `host`. */
export function richTextContext(host: string | null | undefined): RichTextContext {
  return { imageOrigins: imageOriginsFor(host), pageUrl: window.location.href };
}
