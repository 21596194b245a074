/**
 * How the client's endpoint methods become calls of the transport: JSON answers, reads that carry
 * `minSeq`, and writes resent after a network error only when resending is safe.
 */
import type { ApiCall, QueryValue } from "./api-call.ts";
import type { ReadOptions, RequestOptions } from "./client-options.ts";
import type { HttpTransport } from "./http-transport.ts";
import { readJson } from "./read-body.ts";
import { isRetrySafeWrite } from "./retry-safe-write.ts";

/** A call whose answer is JSON, typed as the caller says. */
export function sendJson<T>(transport: HttpTransport, call: ApiCall, options: RequestOptions): Promise<T> {
  return transport.send(call, options, readJson<T>);
}

/** A read: `minSeq` travels as `min_seq` in the query string, which every read accepts. */
export function sendRead<T>(
  transport: HttpTransport,
  path: string,
  query: Readonly<Record<string, QueryValue>>,
  options: ReadOptions,
): Promise<T> {
  const { minSeq, ...request } = options;
  const withSeq = minSeq === undefined ? query : { ...query, min_seq: minSeq };
  return sendJson(transport, { method: "GET", path, query: withSeq, idempotent: true }, request);
}

/** A write of `records` (in `body`), resent after a network error only if each has fixed content. */
export function sendWrite<T>(
  transport: HttpTransport,
  path: string,
  body: unknown,
  records: readonly unknown[],
  options: RequestOptions,
): Promise<T> {
  return sendJson(transport, { method: "POST", path, body, idempotent: isRetrySafeWrite(records) }, options);
}

/** A path parameter, escaped so that a `/` or `?` in it cannot change the route. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
