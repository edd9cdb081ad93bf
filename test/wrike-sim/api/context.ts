// The types every API handler sees: the request context (who, which account, which host, params) and routes.
import type { SimState } from "../state.ts";
import type { AccessRecord } from "../tokens.ts";
import type { Account, Contact, HostKey } from "../types.ts";
import type { EventDraft } from "../webhook-delivery.ts";
import type { Params } from "./params.ts";

export type Method = "GET" | "POST" | "PUT" | "DELETE";

export interface ApiContext {
  state: SimState;
  /** The data centre serving this request, and its host name ("127.0.0.1:8802"). */
  host: HostKey;
  hostName: string;
  grant: AccessRecord;
  account: Account;
  me: Contact;
  params: Params;
  /** Webhook events this request caused; delivered after a successful answer. */
  events: EventDraft[];
}

export interface ApiResult {
  kind: string;
  data: unknown[];
  nextPageToken?: string;
  responseSize?: number;
}

/** A non-JSON answer (an attachment's bytes), written as it is. */
export class FileReply {
  readonly body: Buffer;
  readonly headers: Record<string, string>;
  constructor(body: Buffer, headers: Record<string, string>) {
    this.body = body;
    this.headers = headers;
  }
}

export interface Route {
  method: Method;
  /** Matched against the path after /api/v4, e.g. /tasks/IEA...; groups are URL-decoded. */
  pattern: RegExp;
  /** Parameter names this method accepts (besides access_token, state, method). */
  params: readonly string[];
  /** At least one of these scopes is needed. */
  scopes: readonly string[];
  /** Async only where Wrike itself waits on something (the webhook secret handshake). */
  handle(ctx: ApiContext, match: string[]): ApiResult | FileReply | Promise<ApiResult>;
}
