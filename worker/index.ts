// The relay's entry point: the Hono app as the Worker's fetch handler.
import { Hono } from "hono";

const app = new Hono<{ Bindings: Env }>();
app.get("/auth/ping", (c) =>
  c.json({ ok: true, demo: c.env.WRIKE_LOCAL === "1", secret: Boolean(c.env.SESSION_SECRET) }),
);
app.all("*", (c) => c.env.ASSETS.fetch(c.req.raw));

export default app;
