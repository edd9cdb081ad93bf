// The app's screens as the top bar lists them, and the document title for the screen on show.

export interface ScreenTab {
  href: string;
  /** The tab's name (its accessible name everywhere, its text where there is room). */
  label: string;
  /** The text on a phone, where four tabs fit only without "My". */
  short: string;
  /** The router's screen name. */
  name: string;
}

export const SCREENS: readonly ScreenTab[] = [
  { href: "/", label: "My work", short: "Work", name: "work" },
  { href: "/tasks", label: "My tasks", short: "Tasks", name: "tasks" },
  { href: "/week", label: "My week", short: "Week", name: "week" },
  { href: "/profile", label: "Profile", short: "Profile", name: "profile" },
];

/** The tab's title: "Task · " first while a panel is open, the screen's name, then the app's. */
export function documentTitle(screen: string, panelOpen: boolean): string {
  const name = SCREENS.find((s) => s.name === screen)?.label ?? "Not found";
  return `${panelOpen ? "Task · " : ""}${name} · Wrike Pane`;
}
