// Walks the simulator's sign-in pages over HTTP as a browser would (login, account chooser, consent) and
// returns where Wrike sends the browser back. fetch only (no Node imports), for tests in Node and workerd.

/** Who signs in, and what they answer. */
export interface SignInAs {
  email: string;
  /** Defaults to the seeded password, "wrike-demo". */
  password?: string;
  /** For people in several accounts: the account's name on the chooser. */
  account?: string;
  decision?: "allow" | "deny";
}

/** A page of the walk was not the one expected (wrong status, a missing field, an unknown account). */
export class SignInWalkError extends Error {
  readonly code = "sim_signin_unexpected";
  constructor(message: string) {
    super(message);
    this.name = "SignInWalkError";
  }
}

function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new SignInWalkError(`the page has no ${name} field:\n${html.slice(0, 500)}`);
  return match[1];
}

function postForm(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
    redirect: "manual",
  });
}

/**
 * Opens `authorizeUrl` (the simulator's /oauth2/authorize), logs in, picks the account on the chooser
 * if one is shown, answers the consent page, and returns the redirect's URL (`code` + `state`, or
 * `error`). Throws SignInWalkError when a page is not the expected one.
 */
export async function signInAtWrike(authorizeUrl: string, person: SignInAs): Promise<URL> {
  const origin = new URL(authorizeUrl).origin;
  const start = await fetch(authorizeUrl, { redirect: "manual" });
  let html = await start.text();
  if (start.status !== 200)
    throw new SignInWalkError(`authorize answered ${start.status}:\n${html.slice(0, 300)}`);
  const auth = hidden(html, "auth");
  html = await (
    await postForm(`${origin}/oauth2/authorize/login`, {
      auth,
      email: person.email,
      password: person.password ?? "wrike-demo",
    })
  ).text();
  if (html.includes("<h1>Choose an account</h1>")) {
    const name = person.account ?? "";
    const match = new RegExp(`name="accountId" value="([^"]+)">${name}</button>`).exec(html);
    if (!name || !match?.[1]) throw new SignInWalkError(`no account named "${name}" on the chooser`);
    html = await (await postForm(`${origin}/oauth2/authorize/account`, { auth, accountId: match[1] })).text();
  }
  if (!html.includes("<h1>Allow access</h1>"))
    throw new SignInWalkError(`expected the consent page:\n${html.slice(0, 800)}`);
  const consent = await postForm(`${origin}/oauth2/authorize/consent`, {
    auth,
    decision: person.decision ?? "allow",
  });
  const location = consent.headers.get("location");
  if (consent.status !== 302 || !location)
    throw new SignInWalkError(`consent answered ${consent.status}, not a redirect`);
  return new URL(location);
}
