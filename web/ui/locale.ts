// The user's time zone and locale as Intl accepts them, whatever Wrike's profile says. Apart from dates.ts
// so that the session (and with it the embed pane's first load) does not bring the date formatting along.

/** An IANA zone this browser knows; the browser's own zone otherwise. */
export function safeTimeZone(tz: string | undefined | null): string {
  if (tz) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return tz;
    } catch {
      // unknown zone: fall through
    }
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Wrike sends locales like "en" or "en_US"; Intl wants BCP 47 tags. Falls back to `fallback`. */
export function safeLocale(locale: string | undefined | null, fallback = "en"): string {
  if (locale) {
    const tag = locale.replace(/_/g, "-");
    try {
      if (Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0) return tag;
    } catch {
      // malformed tag: fall through
    }
  }
  return fallback;
}
