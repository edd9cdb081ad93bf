// The relay's entry point: the Hono app as the Worker's fetch handler, and the refresh single-flight object.
import { createApp } from "./app.ts";

export { RefreshFlight } from "./refresh-flight.ts";

export default createApp();
