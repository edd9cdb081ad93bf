// `npm run sim`: starts the simulator alone on the demo ports and prints its URLs, the demo
// credentials and a curl walk-through.
import { startSimulator, type SimClient } from "./index.ts";

/**
 * The one OAuth client a standalone simulator registers (the simulator itself knows none). Its id,
 * secret and callbacks are those of the demo (scripts/dev.ts, wrangler.toml [env.demo]), so the printed
 * walk-through and an app on the usual dev/preview ports sign in against it.
 */
const STANDALONE_CLIENT: SimClient = {
  id: "wrike-pane-demo",
  secret: "wrike-pane-demo-secret",
  redirectUris: [
    "http://localhost:5173/auth/callback",
    "http://127.0.0.1:5173/auth/callback",
    "http://localhost:4173/auth/callback",
  ],
};

function port(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number`);
  return n;
}

const sim = await startSimulator({
  loginPort: port("SIM_LOGIN_PORT", 8801),
  usPort: port("SIM_US_PORT", 8802),
  euPort: port("SIM_EU_PORT", 8803),
  taskCount: process.env.SIM_TASK_COUNT ? Number(process.env.SIM_TASK_COUNT) : 300,
  demo: true,
  clients: [STANDALONE_CLIENT],
});

const ada = sim.users.find((u) => u.email === "ada@acme.test");
const adaToken = ada?.accounts[0]?.permanentToken ?? "";
const redirect = STANDALONE_CLIENT.redirectUris[0] ?? "";
const us = `http://${sim.hosts.us}`;

console.log(`Wrike simulator running
  login / OAuth : ${sim.loginOrigin}/oauth2/authorize/v4   (token: ${sim.loginOrigin}/oauth2/token)
  US data centre: ${us}/api/v4
  EU data centre: http://${sim.hosts.eu}/api/v4
  test controls : ${sim.loginOrigin}/__sim/stats, /__sim/users, /__sim/faults, ...

Demo people (password for all: wrike-demo)
${sim.users
  .map((u) =>
    [
      `  ${u.firstName} ${u.lastName} <${u.email}>`,
      ...u.accounts.map(
        (a) =>
          `      ${a.name} (${a.host.toUpperCase()}, ${a.role}${a.owner ? ", owner" : ""}${a.admin ? ", admin" : ""})  permanent token: ${a.permanentToken}`,
      ),
    ].join("\n"),
  )
  .join("\n")}

OAuth client: ${STANDALONE_CLIENT.id} / ${STANDALONE_CLIENT.secret}

Try it with curl:
  # 1. A permanent token works at once (Ada, Acme Robotics, US host):
  curl -s -H "Authorization: bearer ${adaToken}" "${us}/api/v4/contacts?me=true"
  curl -s -G -H "Authorization: bearer ${adaToken}" "${us}/api/v4/tasks" \\
       --data-urlencode 'responsibles=["${ada?.id ?? ""}"]' --data-urlencode 'status=Active' \\
       --data-urlencode 'sortField=DueDate' --data-urlencode 'pageSize=5'
  # 2. OAuth code flow: open this in a browser, log in, allow, and copy ?code= from the address bar
  #    (the redirect lands on the app's callback; nothing needs to be running there):
  ${sim.loginOrigin}/oauth2/authorize/v4?client_id=${STANDALONE_CLIENT.id}&response_type=code&redirect_uri=${encodeURIComponent(redirect)}&state=demo&scope=wsReadWrite
  curl -s -X POST ${sim.loginOrigin}/oauth2/token -d client_id=${STANDALONE_CLIENT.id} -d client_secret=${STANDALONE_CLIENT.secret} \\
       -d grant_type=authorization_code -d code=PASTE_CODE --data-urlencode redirect_uri=${redirect}
  # 3. Refresh at the user's host (the old refresh token stops working):
  curl -s -X POST ${us}/oauth2/token -d client_id=${STANDALONE_CLIENT.id} -d client_secret=${STANDALONE_CLIENT.secret} \\
       -d grant_type=refresh_token -d refresh_token=PASTE_REFRESH_TOKEN
  # 4. Inject faults, revoke, reset:
  curl -s -X POST ${sim.loginOrigin}/__sim/faults -d '{"status":503,"count":2}'
  curl -s -X POST ${sim.loginOrigin}/__sim/revoke -d '{"email":"ada@acme.test"}'
  curl -s -X POST ${sim.loginOrigin}/__sim/reset
`);

const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
