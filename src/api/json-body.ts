import { errorCodes, type FastifyRequest } from "fastify";

/**
 * A request body that is not UTF-8 JSON. It carries fastify's own code for a bad JSON body, so the
 * one error mapper (`error-body.ts`) answers it like every other: 400 `malformed_json`.
 */
export class JsonBodyError extends SyntaxError {
  override readonly name = "JsonBodyError";
  readonly code = "FST_ERR_CTP_INVALID_JSON_BODY";
  readonly statusCode = 400;
}

// One decoder for every request: `decode` without `{ stream: true }` keeps no state between calls.
// `fatal` refuses malformed bytes instead of replacing them with U+FFFD, which would silently store
// a different string than the client meant (RFC 8259 §8.1: JSON between systems MUST be UTF-8).
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** `"__proto__":` and `"constructor":` as keys, also spelled with `\u` escapes (JSON.parse undoes them). */
const SUSPECT_PROTO = keyPattern("__proto__");
const SUSPECT_CONSTRUCTOR = keyPattern("constructor");

/**
 * Parses a request body as JSON: strict UTF-8 (a leading byte order mark is dropped), then
 * `JSON.parse`, then refuses prototype-poisoning keys as fastify's default parser does with
 * `onProtoPoisoning: "error"` and `onConstructorPoisoning: "error"`: any `__proto__` key, and a
 * `constructor` key holding an object with a `prototype` key. Throws `JsonBodyError`.
 *
 * @example
 * ```ts
 * parseJsonBytes(Buffer.from('{"a":1}')); // { a: 1 }
 * parseJsonBytes(Buffer.from([0x22, 0xff, 0x22])); // throws JsonBodyError: not valid UTF-8
 * parseJsonBytes(Buffer.from('{"__proto__":{}}')); // throws JsonBodyError: "__proto__" key
 * ```
 */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new JsonBodyError(
      `the bytes are not valid UTF-8 (${describeBadByte(bytes)}); send JSON encoded as UTF-8`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JsonBodyError(error instanceof Error ? error.message : String(error));
  }
  if (SUSPECT_PROTO.test(text) || SUSPECT_CONSTRUCTOR.test(text)) refusePoisonedKeys(value);
  return value;
}

/**
 * The fastify content-type parser for `application/json` (register it with `parseAs: "buffer"`
 * after removing the default one). An empty body keeps fastify's own error for it.
 *
 * @example
 * ```ts
 * app.removeContentTypeParser("application/json");
 * app.addContentTypeParser("application/json", { parseAs: "buffer" }, parseJsonBody);
 * ```
 */
export function parseJsonBody(
  request: FastifyRequest,
  body: Buffer,
  done: (error: Error | null, body?: unknown) => void,
): void {
  bodySizes.set(request, body.length);
  if (body.length === 0) {
    done(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), undefined);
    return;
  }
  let value: unknown;
  try {
    value = parseJsonBytes(body);
  } catch (error) {
    done(error as JsonBodyError, undefined);
    return;
  }
  done(null, value);
}

const bodySizes = new WeakMap<FastifyRequest, number>();

/** Bytes of the JSON body actually read (chunked bodies declare no length), 0 without a body. */
export function bodyBytesOf(request: FastifyRequest): number {
  return bodySizes.get(request) ?? 0;
}

/** Walks the parsed value without recursion (bodies may nest 100,000 deep within 1 MiB). */
function refusePoisonedKeys(root: unknown): void {
  const stack: { node: unknown; path: string }[] = [{ node: root, path: "" }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, path } = item;
    if (typeof node !== "object" || node === null) continue;
    if (Array.isArray(node)) {
      node.forEach((child: unknown, i) => stack.push({ node: child, path: `${path}[${i}]` }));
      continue;
    }
    if (Object.hasOwn(node, "__proto__")) throw poisoned('a "__proto__" key', path);
    const ctor: unknown = (node as { constructor?: unknown }).constructor;
    if (
      Object.hasOwn(node, "constructor") &&
      typeof ctor === "object" &&
      ctor !== null &&
      Object.hasOwn(ctor, "prototype")
    ) {
      throw poisoned('a "constructor" key holding a "prototype" key', path);
    }
    for (const [key, child] of Object.entries(node)) {
      stack.push({ node: child, path: path === "" ? key : `${path}.${key}` });
    }
  }
}

function poisoned(what: string, path: string): JsonBodyError {
  const where = path === "" ? "at the top level" : `in ${path}`;
  return new JsonBodyError(`it has ${what} ${where}, which could change object prototypes; remove it`);
}

function keyPattern(word: string): RegExp {
  const chars = Array.from(word, (c) => {
    const hex = c.charCodeAt(0).toString(16).padStart(4, "0");
    return `(?:${c}|\\\\u${hex.slice(0, 3)}[${hex[3]}${hex[3]?.toUpperCase()}])`;
  });
  return new RegExp(`"${chars.join("")}"\\s*:`);
}

/** Where the first malformed UTF-8 sequence starts (RFC 3629 §4), for the error message. */
function describeBadByte(bytes: Uint8Array): string {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) break;
    let ok = i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) {
      const c = bytes[i + k] ?? 0;
      // The second byte's range excludes overlong forms, surrogates and code points over U+10FFFF.
      const [lo, hi] =
        k > 1
          ? [0x80, 0xbf]
          : b === 0xe0
            ? [0xa0, 0xbf]
            : b === 0xed
              ? [0x80, 0x9f]
              : b === 0xf0
                ? [0x90, 0xbf]
                : b === 0xf4
                  ? [0x80, 0x8f]
                  : [0x80, 0xbf];
      ok = c >= lo && c <= hi;
    }
    if (!ok) break;
    i += length;
  }
  if (i >= bytes.length) return "a malformed sequence";
  const hex = (bytes[i] ?? 0).toString(16).toUpperCase().padStart(2, "0");
  return `byte 0x${hex} at offset ${i}`;
}
