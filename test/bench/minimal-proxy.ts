// The bench's yardstick Worker: the least a Hono relay must do (pass a GET or POST to one host, open the sealed cookie).
import { Hono } from "hono";
import { unseal } from "../../worker/lib/seal.ts";

const app = new Hono<{ Bindings: { UPSTREAM: string; SESSION_SECRET: string } }>();
app.all("/api/v4/*", async (c) => {
  const url = new URL(c.req.url);
  const init = { method: c.req.method, headers: { Authorization: c.req.header("Authorization") ?? "" } };
  const body = c.req.method === "GET" || c.req.method === "HEAD" ? undefined : await c.req.arrayBuffer();
  const res = await fetch(`http://${c.env.UPSTREAM}${url.pathname}${url.search}`, { ...init, body });
  return new Response(res.body, { status: res.status, headers: { "Content-Type": "application/json" } });
});
app.post("/auth/token", async (c) => {
  const sealed = /(?:^|;\s*)wp_session=([^;]+)/.exec(c.req.header("Cookie") ?? "")?.[1];
  const session = (await unseal([c.env.SESSION_SECRET], "session", sealed)) as { at?: string } | undefined;
  return session?.at ? c.json({ access_token: session.at }) : c.json({ error: "session_expired" }, 401);
});
export default app;
