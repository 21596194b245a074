/**
 * Requests as the fuzzer builds and sends them: JSON text with raw pieces, paths into example
 * bodies, and `inject` with a cut-off for Server-Sent Events.
 */
import type { Readable } from "node:stream";
import type { App } from "../../src/api/build-app.ts";
import { Raw } from "./hostile-values.ts";
import type { Example } from "./fuzz-templates.ts";
import type { Operation } from "./openapi-operations.ts";

/** One request as sent, described for failure messages. */
export interface Sent {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload?: string | Buffer | (() => Readable);
  /** What this request tries, e.g. `wrong type in confidence`. */
  readonly note: string;
}

/** An answer: status, headers, and the body as text. */
export interface Received {
  readonly status: number;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly body: string;
}

/** The request for `example` on `op`; `payload` and `contentType` replace its body. */
export function request(
  op: Operation,
  example: Example,
  note: string,
  payload?: Sent["payload"],
  contentType = "application/json",
): Sent {
  let path = op.path;
  for (const name of op.pathParams) {
    path = path.replace(`{${name}}`, encodeURIComponent(example.params?.[name] ?? "0".repeat(64)));
  }
  const query = new URLSearchParams(example.query ?? {}).toString();
  const url = query === "" ? path : `${path}?${query}`;
  const body = payload ?? (example.body === undefined ? undefined : render(example.body));
  if (body === undefined) return { method: op.method, url, headers: {}, note };
  const headers: Record<string, string> = contentType === "" ? {} : { "content-type": contentType };
  // A stream has no length: say it comes in chunks, or fastify sees no body at all.
  if (typeof body === "function") headers["transfer-encoding"] = "chunked";
  return { method: op.method, url, headers, payload: body, note };
}

/** Sends one request in process and reads the whole answer (headers only for an event stream). */
export async function send(app: App, sent: Sent): Promise<Received> {
  // Stream the answer so that a Server-Sent Events endpoint (which never ends) can be cut off.
  const controller = new AbortController();
  const payload = typeof sent.payload === "function" ? sent.payload() : sent.payload;
  const res = await app.inject({
    method: sent.method as "GET",
    url: sent.url,
    headers: sent.headers,
    ...(payload !== undefined ? { payload } : {}),
    payloadAsStream: true,
    signal: controller.signal,
  });
  const stream = res.stream();
  if (String(res.headers["content-type"]).startsWith("text/event-stream")) {
    stream.on("error", () => undefined);
    controller.abort();
    return { status: res.statusCode, headers: res.headers, body: "" };
  }
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return { status: res.statusCode, headers: res.headers, body: Buffer.concat(parts).toString("utf8") };
}

/** JSON text of `value`, with `Raw` pieces written as they are and `undefined` members left out. */
export function render(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value))
    return `[${value.map((v: unknown) => (v === undefined ? "null" : render(v))).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const members = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${members.map(([k, v]) => `${JSON.stringify(k)}:${render(v)}`).join(",")}}`;
  }
  return value === undefined ? "null" : JSON.stringify(value);
}

/** Paths to every member and element of `value`, three levels deep. */
export function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null || prefix.length >= 3) return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v: unknown, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...leafPaths(v, [...prefix, k])]);
}

/** A copy of `root` with `path` set to `value` as an own property (even `__proto__`), or removed. */
export function setPath(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const copy: Record<string | number, unknown> = Array.isArray(root)
    ? (root.slice() as unknown as Record<number, unknown>)
    : typeof root === "object" && root !== null
      ? { ...(root as Record<string, unknown>) }
      : {};
  const next = Object.hasOwn(copy, head) ? copy[head] : undefined;
  const inner = setPath(next, rest, value);
  if (inner === undefined && rest.length === 0) Reflect.deleteProperty(copy, head);
  else
    Object.defineProperty(copy, head, { value: inner, enumerable: true, configurable: true, writable: true });
  return copy;
}

export function unique(paths: (string | number)[][]): (string | number)[][] {
  return [...new Map(paths.map((p) => [JSON.stringify(p), p])).values()];
}

export function merge(body: unknown, more: Record<string, unknown>): unknown {
  let out = typeof body === "object" && body !== null && !Array.isArray(body) ? body : {};
  for (const [k, v] of Object.entries(more)) out = setPath(out, [k], v) as object;
  return out;
}

export function* chunks(buffer: Buffer): Generator<Buffer> {
  for (let i = 0; i < buffer.length; i += 64 * 1024) yield buffer.subarray(i, i + 64 * 1024);
}
