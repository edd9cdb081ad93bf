// The relay's entry point: the Hono app as the Worker's fetch handler, and its two Durable Object classes.
import { createApp } from "./app.ts";

export { HandoffBox } from "./objects/handoff-box.ts";
export { RefreshFlight } from "./objects/refresh-flight.ts";

export default createApp();
