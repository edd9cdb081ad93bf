// A tiny upstream stand-in (Node) for what the simulator cannot show: the exact request the proxy sent,
// and upstream answers Wrike should never give (redirects, cookies) to prove the proxy drops them.
import { createServer, type Server } from "node:http";

export function startEchoServer(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
      const body = Buffer.concat(chunks);
      switch (url.pathname) {
        case "/api/v4/redirect":
          res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
          return;
        case "/api/v4/multiple-choices":
          res.writeHead(300, { "content-type": "text/plain" }).end("wrong data centre");
          return;
        case "/api/v4/not-modified":
          res.writeHead(304, { etag: '"v1"' }).end();
          return;
        case "/api/v4/attachments/hostile/download/a.svg":
          // What an attacker's own Wrike attachment could be: a script-bearing SVG, inline, typed as SVG.
          res
            .writeHead(200, { "content-type": "image/svg+xml", "content-disposition": "inline" })
            .end('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');
          return;
        case "/api/v4/attachments/hostile/download/a.html":
          res.writeHead(200, { "content-type": "text/html" }).end("<script>alert(document.cookie)</script>");
          return;
        case "/api/v4/big": {
          // 3 MiB in 64 KiB chunks: responses are streamed, not capped.
          res.writeHead(200, { "content-type": "application/octet-stream" });
          const chunk = Buffer.alloc(64 * 1024, 120);
          for (let i = 0; i < 48; i++) res.write(chunk);
          res.end();
          return;
        }
        default:
          res
            .writeHead(200, {
              "content-type": "application/json",
              "set-cookie": "upstream=1; Path=/",
              location: "https://evil.test/",
              "access-control-allow-origin": "*",
              "x-upstream-secret": "internal",
              etag: '"echo"',
              "retry-after": "3",
            })
            .end(
              JSON.stringify({
                method: req.method,
                path: url.pathname,
                rawUrl: req.url,
                headers: req.headers,
                bodyLength: body.length,
                body: body.length <= 4096 ? body.toString("utf8") : "",
              }),
            );
      }
    });
  });
  // Port 0: any free one (global-setup.ts hands the tests its address).
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}
