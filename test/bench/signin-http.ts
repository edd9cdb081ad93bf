// A sign-in over plain HTTP as a browser makes it (relay, Wrike's pages, callback), for the sealed session cookie.

function hidden(html: string, name: string): string {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  if (!value) throw new Error(`bench: the simulator's page has no ${name} field`);
  return value;
}

const postForm = (url: string, form: Record<string, string>) =>
  fetch(url, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });

/** Cookie pairs a response set (name=value), for the next request to the same relay. */
function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((line) => line.split(";")[0]!.trim());
}

/** Signs `email` in at the relay on `origin` and returns the `Cookie` header value of the signed-in session. */
export async function signInOverHttp(
  origin: string,
  who: { email: string; password: string; account: string },
): Promise<string> {
  const login = await fetch(`${origin}/auth/login?return_to=%2F&access=read&mode=redirect`, {
    redirect: "manual",
  });
  const flow = cookiesOf(login);
  const authorize = login.headers.get("location");
  if (login.status !== 302 || !authorize) throw new Error(`bench: /auth/login answered ${login.status}`);
  const wrike = new URL(authorize).origin;
  let html = await (await fetch(authorize)).text();
  html = await (
    await postForm(`${wrike}/oauth2/authorize/login`, {
      auth: hidden(html, "auth"),
      email: who.email,
      password: who.password,
    })
  ).text();
  if (html.includes("Choose an account")) {
    const id = new RegExp(`name="accountId" value="([^"]+)">${who.account}<`).exec(html)?.[1];
    if (!id) throw new Error(`bench: no account ${who.account} on the simulator's chooser`);
    html = await (
      await postForm(`${wrike}/oauth2/authorize/account`, { auth: hidden(html, "auth"), accountId: id })
    ).text();
  }
  const consent = await postForm(`${wrike}/oauth2/authorize/consent`, {
    auth: hidden(html, "auth"),
    decision: "allow",
  });
  const back = consent.headers.get("location");
  if (!back) throw new Error(`bench: the consent page answered ${consent.status}`);
  const callback = await fetch(back, { redirect: "manual", headers: { Cookie: flow.join("; ") } });
  const session = cookiesOf(callback).filter((c) => /^(?:__Host-)?wp_session=/.test(c));
  if (session.length === 0) throw new Error(`bench: the callback answered ${callback.status} and no session`);
  return session.join("; ");
}
