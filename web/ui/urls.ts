// Which link targets from Wrike's HTML are safe to keep, and permalink numbers from what users paste.

/** Only absolute http(s) and mailto links survive; javascript:, data:, vbscript: and relative ones do not. */
export function isSafeHref(href: string): boolean {
  // Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:"); so do we.
  // eslint-disable-next-line no-control-regex
  const compact = href.replace(/[\u0000-\u0020\u007f-\u009f]+/g, "").toLowerCase();
  return /^(https?:\/\/|mailto:)/.test(compact);
}

/** The numeric id of an `open.htm?id=N` permalink, or of a bare number; null otherwise. */
export function permalinkNumber(input: string): string | null {
  const s = input.trim();
  if (/^\d{1,19}$/.test(s)) return s;
  const m = /open\.htm\?(?:[^#]*&)?id=(\d{1,19})(?:[&#]|$)/i.exec(s);
  return m ? m[1]! : null;
}
