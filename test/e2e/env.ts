// Fixed addresses of the e2e stack (loopback only) and how Chromium is launched here.
export { E2E_APP_ORIGIN, E2E_PREVIEW_PORT } from "../support/stack.ts";
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
