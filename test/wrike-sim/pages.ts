// The simulator's HTML pages (login, account chooser, consent, errors, index). Every interpolated
// value goes through escapeHtml; pages carry no script.
import { escapeHtml as e } from "./http.ts";
import { SCOPES } from "./scopes.ts";
import type { SeedAccount, SeedUser } from "./types.ts";

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f5f7;color:#1d2733}
.banner{background:#1d2733;color:#fff;padding:8px 16px;font-size:14px;letter-spacing:.02em}
.banner strong{color:#7ee0a1}
main{max-width:440px;margin:40px auto;background:#fff;border-radius:10px;padding:28px 32px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:22px;margin:0 0 16px}
label{display:block;font-weight:600;margin:14px 0 4px}
input[type=email],input[type=password],input[type=text]{width:100%;padding:9px 11px;font:inherit;border:1px solid #b8c2cc;border-radius:6px}
button{font:inherit;padding:9px 18px;border-radius:6px;border:1px solid #1f7a46;background:#1f7a46;color:#fff;cursor:pointer;margin-top:18px}
button.secondary{background:#fff;color:#1d2733;border-color:#b8c2cc}
button.account{display:block;width:100%;text-align:left;background:#fff;color:#1d2733;border-color:#b8c2cc;margin-top:10px}
.alert{background:#fdecea;border:1px solid #f5c2c0;color:#8a1c16;padding:10px 12px;border-radius:6px;margin-bottom:8px}
.muted{color:#5b6876;font-size:14px}
code{white-space:nowrap}
ul.scopes{padding-left:20px}
ul.scopes code{font-weight:600}
table{border-collapse:collapse;width:100%;font-size:14px;margin-top:8px}
td,th{border-bottom:1px solid #e2e7ec;padding:4px 6px;text-align:left}
.demo{margin-top:28px;background:#f6f8e8;border:1px solid #dfe6b5;border-radius:6px;padding:10px 12px}
.row{display:flex;gap:10px}
`;

export function layout(title: string, body: string): string {
  // No favicon: the page says so (an empty data: icon), so browsers do not ask for /favicon.ico (a 404).
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="data:,">
<title>${e(title)} · Wrike simulator</title><style>${STYLE}</style></head>
<body>
<div class="banner" role="banner"><strong>Wrike simulator</strong> · a local stand-in for Wrike, for development and tests</div>
<main>${body}</main>
</body>
</html>`;
}

export function loginPage(input: {
  authId: string;
  error?: string;
  email?: string;
  demoUsers?: SeedUser[];
}): string {
  const alert = input.error ? `<div class="alert" role="alert">${e(input.error)}</div>` : "";
  const demo = input.demoUsers
    ? `<section class="demo" aria-label="Demo accounts"><strong>Demo accounts</strong> (password for all: <code>${e(
        input.demoUsers[0]?.password ?? "",
      )}</code>)
<table><thead><tr><th>Email</th><th>Accounts</th></tr></thead><tbody>
${input.demoUsers
  .map(
    (u) =>
      `<tr><td><code>${e(u.email)}</code></td><td>${e(u.accounts.map((a) => `${a.name} (${[a.owner ? "Owner" : "", a.admin ? "Admin" : "", a.owner || a.admin ? "" : a.role].filter(Boolean).join(" + ")})`).join("; "))}</td></tr>`,
  )
  .join("\n")}
</tbody></table></section>`
    : "";
  return layout(
    "Log in",
    `<h1>Log in to Wrike (simulator)</h1>
${alert}
<form method="post" action="/oauth2/authorize/login">
<input type="hidden" name="auth" value="${e(input.authId)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${e(input.email ?? "")}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Log in</button>
</form>
${demo}`,
  );
}

export function accountChooserPage(input: { authId: string; user: SeedUser }): string {
  return layout(
    "Choose an account",
    `<h1>Choose an account</h1>
<p class="muted">${e(input.user.email)} belongs to several Wrike accounts. Which one should the app use?</p>
<form method="post" action="/oauth2/authorize/account">
<input type="hidden" name="auth" value="${e(input.authId)}">
${input.user.accounts
  .map(
    (a) =>
      `<button class="account" type="submit" name="accountId" value="${e(a.accountId)}">${e(a.name)}</button>`,
  )
  .join("\n")}
</form>`,
  );
}

export function consentPage(input: {
  authId: string;
  clientId: string;
  user: SeedUser;
  account: SeedAccount;
  scopes: string[];
}): string {
  return layout(
    "Allow access",
    `<h1>Allow access</h1>
<p><strong>${e(input.clientId)}</strong> asks to use your Wrike account
<strong>${e(input.account.name)}</strong> as ${e(input.user.email)}. It will be able to:</p>
<ul class="scopes">
${input.scopes.map((s) => `<li><code>${e(s)}</code>: ${e(SCOPES[s] ?? s)}</li>`).join("\n")}
</ul>
<form method="post" action="/oauth2/authorize/consent">
<input type="hidden" name="auth" value="${e(input.authId)}">
<div class="row">
<button type="submit" name="decision" value="allow">Allow</button>
<button class="secondary" type="submit" name="decision" value="deny">Deny</button>
</div>
</form>`,
  );
}

export function errorPage(title: string, message: string): string {
  return layout(title, `<h1>${e(title)}</h1><p role="alert">${e(message)}</p>`);
}

export function indexPage(input: {
  loginOrigin: string;
  hosts: { us: string; eu: string };
  role: string;
}): string {
  return layout(
    "Wrike simulator",
    `<h1>Wrike simulator</h1>
<p>This is the <strong>${e(input.role)}</strong> host.</p>
<ul>
<li>Login and token: <code>${e(input.loginOrigin)}/oauth2/authorize/v4</code>, <code>/oauth2/token</code></li>
<li>US data centre API: <code>http://${e(input.hosts.us)}/api/v4</code></li>
<li>EU data centre API: <code>http://${e(input.hosts.eu)}/api/v4</code></li>
<li>Test controls: <code>/__sim/stats</code>, <code>/__sim/users</code></li>
</ul>`,
  );
}
