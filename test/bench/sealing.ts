// Session sealing cost (AES-GCM, WebCrypto in Node) and the sealed cookie's size, beside plain JSON + base64.
import { performance } from "node:perf_hooks";
import { seal, toBase64Url, unseal } from "../../worker/lib/seal.ts";
import { figure, section } from "./report.ts";

export async function benchSealing(): Promise<void> {
  section("Session sealing (AES-GCM, WebCrypto in Node), a session with two 700-character tokens");
  const token = () => toBase64Url(crypto.getRandomValues(new Uint8Array(525)));
  const session = {
    v: 1,
    sid: "s",
    rt: token(),
    at: token(),
    exp: 1_900_000_000,
    host: "www.wrike.com",
    scope: "wsReadWrite",
  };
  const keys = [toBase64Url(crypto.getRandomValues(new Uint8Array(32)))];
  const sealed = await seal(keys, "session", session);
  const plain = toBase64Url(new TextEncoder().encode(JSON.stringify(session)));
  const n = 2000;
  let t = performance.now();
  for (let i = 0; i < n; i++) await unseal(keys, "session", await seal(keys, "session", session));
  const sealedUs = ((performance.now() - t) / n) * 1000;
  t = performance.now();
  for (let i = 0; i < n; i++)
    JSON.parse(
      new TextDecoder().decode(Uint8Array.from(atob(btoa(JSON.stringify(session))), (c) => c.charCodeAt(0))),
    );
  const plainUs = ((performance.now() - t) / n) * 1000;
  figure(
    "seal + open one session",
    `${sealedUs.toFixed(1)} µs`,
    `unsealed JSON+base64 round trip: ${plainUs.toFixed(1)} µs`,
  );
  figure(
    "sealed cookie value",
    `${sealed.length} bytes`,
    `unsealed base64url JSON: ${plain.length} bytes; browser cookie limit 4096`,
  );
}
