// Types for the parts of cors-anywhere (no types of its own) that the bench uses.
declare module "cors-anywhere" {
  import type { Server } from "node:http";
  export function createServer(options?: {
    originWhitelist?: string[];
    requireHeader?: string[] | null;
    removeHeaders?: string[];
    getProxyForUrl?: (url: string) => string;
    httpProxyOptions?: Record<string, unknown>;
  }): Server;
}
