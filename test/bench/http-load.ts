// A lean keep-alive HTTP client for the proxy figures: sequential latency, throughput at a concurrency, big bodies.
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { percentile } from "./report.ts";

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export interface Call {
  url: string;
  headers: Record<string, string>;
  method?: string;
  body?: string;
}

/** One request; resolves with the status and body size once the whole body is in. Throws unless 2xx. */
export function send(call: Call): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(call.url, { agent, method: call.method ?? "GET", headers: call.headers }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () =>
        (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300
          ? resolve(bytes)
          : reject(new Error(`bench: ${call.url} answered ${res.statusCode}`)),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(call.body);
  });
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

/**
 * `n` calls to each of `calls`, one at a time in strict rotation (after `warm` unmeasured rounds), so
 * that load from elsewhere on the machine falls on every target alike; percentiles in ms per target.
 */
export async function sequential(calls: Call[], n: number, warm = 30): Promise<Latency[]> {
  for (let i = 0; i < warm; i++) for (const call of calls) await send(call);
  const times = calls.map(() => [] as number[]);
  for (let i = 0; i < n; i++) {
    for (const [k, call] of calls.entries()) {
      const t = performance.now();
      await send(call);
      times[k]!.push(performance.now() - t);
    }
  }
  return times.map((t) => {
    t.sort((a, b) => a - b);
    return { p50: percentile(t, 50), p95: percentile(t, 95), p99: percentile(t, 99) };
  });
}

/** `total` calls with `concurrency` in flight at once; requests a second. */
export async function throughput(call: Call, total: number, concurrency: number): Promise<number> {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      await send(call);
    }
  };
  const t = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - t) / 1000);
}

/** Median time (ms) and size of a large body, over `n` calls. */
export async function largeBody(call: Call, n: number): Promise<{ ms: number; bytes: number }> {
  let bytes = await send(call);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    bytes = await send(call);
    times.push(performance.now() - t);
  }
  return {
    ms: percentile(
      times.sort((a, b) => a - b),
      50,
    ),
    bytes,
  };
}

export function closeAgent(): void {
  agent.destroy();
}
