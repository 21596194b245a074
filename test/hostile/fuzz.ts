/**
 * Property-based fuzzing of every endpoint an app documents in `/v1/openapi.json` (test support).
 * Endpoints added later are fuzzed without touching this file; give them a template (a valid
 * request) in `options.templates` to fuzz them field by field, else one is made from the schema.
 */
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import fc from "fast-check";
import type { App } from "../../src/api/build-app.ts";
import {
  CONTENT_TYPES,
  HOSTILE_JSON,
  HOSTILE_KEYS,
  HOSTILE_PATH_VALUES,
  HOSTILE_QUERY_VALUES,
  MALFORMED_TEXT,
  METHODS,
  NOT_JSON_TOKENS,
  RAW_PATH_VALUES,
  RAW_QUERY,
  Raw,
  headerValue,
} from "./hostile-values.ts";
import {
  chunks,
  leafPaths,
  merge,
  render,
  request,
  send,
  setPath,
  unique,
  type Received,
  type Sent,
} from "./fuzz-request.ts";
import { DEFAULT_TEMPLATES, Pools, type Example, type Template } from "./fuzz-templates.ts";
import { documentedOperations, exampleOf, propertyNames, type Operation } from "./openapi-operations.ts";

export { DEFAULT_TEMPLATES, type Example, type Template } from "./fuzz-templates.ts";

export interface FuzzOptions {
  /** Sent with every request, e.g. `{ authorization: "Bearer <admin token>" }`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** fast-check runs per property and operation (default 20). */
  readonly runs?: number;
  /** fast-check seed, to replay a reported failure. */
  readonly seed?: number;
  /** Valid requests by operation key (`POST /v1/vote`), over the built-in ones. */
  readonly templates?: Readonly<Record<string, Template>>;
  /** A body size every route refuses with 413 (default 16 MiB + 1, over the batch limit). */
  readonly oversizeBytes?: number;
  /** Known, reported defects: an answer they match is tallied in the report instead of failing. */
  readonly knownGaps?: readonly KnownGap[];
}

/** A defect found and reported but not fixed yet (its fix belongs to code this suite must not edit). */
export interface KnownGap {
  /** What is wrong, the failing input, and where the fix belongs. */
  readonly reason: string;
  /** Whether an answer that breaks the contract is this defect. */
  readonly matches: (
    request: {
      readonly method: string;
      readonly url: string;
      readonly headers: Readonly<Record<string, string>>;
    },
    status: number,
  ) => boolean;
}

export interface FuzzReport {
  /** Every operation fuzzed, as `METHOD /path`. */
  readonly operations: readonly string[];
  readonly requests: number;
  /** How many responses had each status. */
  readonly statuses: ReadonlyMap<number, number>;
  /** Hashes of the assertions the fuzz stored (write results with status `created`). */
  readonly created: ReadonlySet<string>;
  /** Hashes of the assertions held in quarantine (status `quarantined`); an admin may approve them. */
  readonly quarantined: ReadonlySet<string>;
  /** How often each known gap was hit, by its reason. */
  readonly knownGapHits: ReadonlyMap<string, number>;
}

/**
 * Fuzzes every operation of `/v1/openapi.json` with fast-check and asserts that each answer is a
 * documented 2xx or a 4xx with the JSON error body and `X-Request-Id` (never a 5xx, never a
 * crash), that a body over every limit gets 413 (or 401/403/429 when refused before it is read),
 * that undocumented methods are refused, and that nothing pollutes `Object.prototype`. Returns
 * what was sent and stored, for the caller's checks on the store.
 *
 * @example
 * ```ts
 * const { app, db } = await testApp();
 * const report = await fuzzEveryEndpoint(app, { runs: 10 });
 * assert.equal(db.store.assertionCount, report.created.size);
 * ```
 */
export async function fuzzEveryEndpoint(app: App, options: FuzzOptions = {}): Promise<FuzzReport> {
  const extra = options.headers ?? {};
  const templates = { ...DEFAULT_TEMPLATES, ...options.templates };
  const { operations, resolve } = await documentedOperations(app, extra);
  const pools = new Pools();
  const statuses = new Map<number, number>();
  const created = new Set<string>();
  const quarantined = new Set<string>();
  const knownGapHits = new Map<string, number>();
  let requests = 0;

  const exchange = async (op: Operation | undefined, sent: Sent): Promise<Received> => {
    requests++;
    const received = await send(app, { ...sent, headers: { ...extra, ...sent.headers } });
    statuses.set(received.status, (statuses.get(received.status) ?? 0) + 1);
    try {
      check(op, sent, received);
    } catch (error) {
      const gap = options.knownGaps?.find((g) => g.matches(sent, received.status));
      if (gap === undefined) throw error;
      knownGapHits.set(gap.reason, (knownGapHits.get(gap.reason) ?? 0) + 1);
    }
    if (received.status >= 200 && received.status < 300 && received.body !== "") {
      const parsed = tryJson(received.body);
      pools.harvest(parsed);
      countWrites(parsed, created, quarantined);
    }
    return received;
  };
  const exampleFor = (op: Operation, n = 0): Example => {
    const template = templates[op.key];
    if (template !== undefined) return template((kind) => pools.pick(kind, n));
    const query = Object.fromEntries(
      op.queryParams.filter((p) => p.required).map((p) => [p.name, String(exampleOf(p.schema, resolve))]),
    );
    const params = Object.fromEntries(op.pathParams.map((p) => [p, pools.pick(p, n)]));
    return { ...(op.body !== undefined ? { body: exampleOf(op.body, resolve) } : {}), query, params };
  };

  // Send every valid example twice (the second round finds the stored values the first one made),
  // so that path parameters can name real records.
  for (let round = 0; round < 2; round++) {
    for (const op of operations) await exchange(op, request(op, exampleFor(op), "the template"));
  }

  const runs = options.runs ?? 20;
  const fcOptions = {
    numRuns: runs,
    includeErrorInReport: true,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  };
  const oversize = Buffer.alloc(options.oversizeBytes ?? 16 * 1024 * 1024 + 1, 0x61);
  const paths = [...new Set(operations.map((op) => op.path))];

  for (const op of operations) {
    const hasBody = op.body !== undefined || op.method !== "GET";
    const example = exampleFor(op);
    const fields = unique([
      ...leafPaths(example.body),
      ...(op.body !== undefined ? propertyNames(op.body, resolve) : []).map((k) => [k]),
    ]);
    // Bodies matter less where the operation takes none: fewer runs there.
    const bodyShare = hasBody ? 1 : 0.25;
    const property = async <T>(
      arbitrary: fc.Arbitrary<T>,
      build: (input: T) => Sent,
      share = 1,
    ): Promise<void> => {
      await fc.assert(
        fc.asyncProperty(arbitrary, async (input) => {
          await exchange(op, build(input));
        }),
        { ...fcOptions, numRuns: Math.max(1, Math.round(runs * share)) },
      );
    };
    const withBody = (payload: Sent["payload"], note: string, contentType = "application/json"): Sent =>
      request(op, { ...example, body: undefined }, note, payload, contentType);

    // Random JSON values, and the example with random extra members.
    await property(
      fc.jsonValue({ maxDepth: 6 }),
      (value) => withBody(JSON.stringify(value), "random JSON"),
      bodyShare,
    );
    await property(
      fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 4 }),
      (more) => withBody(render(merge(example.body, more)), "extra members"),
      bodyShare,
    );
    // The right shape with one field wrong: a hostile value, a wrong type, or missing.
    if (fields.length > 0 || example.body !== undefined) {
      const target = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...(fields.length > 0 ? fields : [["x"]])) },
        { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_KEYS).map((k) => [k]) },
      );
      const value = fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_JSON).map((t) => new Raw(t)) },
        { weight: 1, arbitrary: fc.constantFrom(...NOT_JSON_TOKENS).map((t) => new Raw(t)) },
        { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => new Raw(JSON.stringify(v))) },
        { weight: 1, arbitrary: fc.string({ unit: "binary" }).map((v) => new Raw(JSON.stringify(v))) },
        { weight: 1, arbitrary: fc.constant(undefined) },
      );
      await property(fc.tuple(target, value), ([path, v]) =>
        withBody(render(setPath(example.body ?? {}, path, v)), `${path.join(".")} = ${describe(v)}`),
      );
    }
    // Malformed JSON text, and the example cut short.
    const exampleText = render(example.body ?? {});
    await property(
      fc.oneof(
        fc.constantFrom(...MALFORMED_TEXT),
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.nat(exampleText.length).map((n) => exampleText.slice(0, n)),
      ),
      (text) => withBody(text, "malformed JSON"),
      bodyShare,
    );
    // Invalid UTF-8: bytes 0x80-0xFF inside the example, or random bytes.
    await property(
      fc.oneof(
        fc.tuple(
          fc.nat(exampleText.length),
          fc.uint8Array({ min: 0x80, max: 0xff, minLength: 1, maxLength: 4 }),
        ),
        fc.uint8Array({ maxLength: 64 }).map((b) => [0, b] as const),
      ),
      ([at, bytes]) => {
        const text = Buffer.from(exampleText);
        const payload = Buffer.concat([text.subarray(0, at), bytes, text.subarray(at)]);
        return withBody(payload, `bytes ${Buffer.from(bytes).toString("hex")} at ${at}`);
      },
      bodyShare,
    );
    // Content types other than application/json.
    await property(
      fc.oneof(fc.constantFrom(...CONTENT_TYPES), headerValue),
      (type) => withBody(exampleText, `content-type ${JSON.stringify(type)}`, type),
      bodyShare,
    );
    // Hostile path parameters (and stored ones, in upper case).
    if (op.pathParams.length > 0) {
      const value = fc.oneof(
        { weight: 3, arbitrary: shown(HOSTILE_PATH_VALUES) },
        { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 12 }).map((t) => new Raw(t)) },
        { weight: 2, arbitrary: fc.nat().map((n) => ({ real: n })) },
        // Sent as they are, not percent-encoded: broken escapes, a segment over the router's limit.
        { weight: 1, arbitrary: shown(RAW_PATH_VALUES).map((r) => ({ raw: r.text })) },
      );
      await property(fc.tuple(value, fc.boolean()), ([v, upper]) => {
        const cased = (text: string): string => (upper ? text.toUpperCase() : text);
        if ("raw" in v) {
          const base = request(op, example, `raw path ${JSON.stringify(v.raw.slice(0, 40))}`);
          const query = base.url.includes("?") ? base.url.slice(base.url.indexOf("?")) : "";
          return { ...base, url: op.path.replaceAll(/\{[^}]+\}/g, () => cased(v.raw)) + query };
        }
        const params = Object.fromEntries(
          op.pathParams.map((p) => [p, cased(v instanceof Raw ? v.text : pools.pick(p, v.real))]),
        );
        return request(op, { ...example, params }, `path ${JSON.stringify(params).slice(0, 120)}`);
      });
    }
    // Hostile query strings.
    const queryNames = [...op.queryParams.map((p) => p.name), ...Object.keys(example.query ?? {})];
    await property(
      fc.oneof(
        fc.tuple(
          fc.constantFrom(...(queryNames.length > 0 ? queryNames : ["q"])),
          fc.oneof(
            shown(HOSTILE_QUERY_VALUES),
            fc.string({ unit: "binary", maxLength: 20 }).map((t) => new Raw(t)),
          ),
        ),
        shown(RAW_QUERY).map((raw) => [raw.text] as const),
        fc.string({ maxLength: 30 }).map((raw) => [raw] as const),
      ),
      (q) => {
        const base = request(op, example, "");
        const [name, value] = q;
        const piece =
          value === undefined ? name : `${encodeURIComponent(name)}=${encodeURIComponent(value.text)}`;
        const url = `${base.url}${base.url.includes("?") ? "&" : "?"}${piece}`;
        return { ...base, url, note: `query ${JSON.stringify(piece.slice(0, 80))}` };
      },
    );
    // Hostile headers: agent ids, request ids, lengths that lie.
    await property(
      fc.oneof(
        fc.tuple(
          fc.constantFrom(
            "x-agent-id",
            "x-request-id",
            "accept",
            "accept-encoding",
            "authorization",
            "x-pow-nonce",
          ),
          fc.oneof(headerValue, fc.constantFrom("", "-1", "1e309", "99999999999999999999", "a".repeat(129))),
        ),
        // Node's HTTP parser refuses a Content-Length that is not digits before the app sees it, so
        // only lengths a real request can carry (which may still disagree with the body).
        fc.tuple(fc.constant("content-length"), fc.constantFrom("0", "1", "5", "65536", "9007199254740993")),
      ),
      ([name, value]) => {
        const base = request(op, example, `header ${name}: ${JSON.stringify(value.slice(0, 40))}`);
        return { ...base, headers: { ...base.headers, [name]: value } };
      },
    );
    // A body over every limit: 413 from the declared length, and from the bytes of a stream.
    if (hasBody) {
      const big = await exchange(op, withBody(oversize, `${oversize.length} bytes`));
      assert.ok(
        tooLarge(big.status),
        `${op.key} with a ${oversize.length}-byte body answers 413: ${big.body}`,
      );
      const streamed = await exchange(
        op,
        withBody(() => Readable.from(chunks(oversize)), `${oversize.length} bytes, no length`),
      );
      assert.ok(
        tooLarge(streamed.status),
        `${op.key} with a streamed oversize body answers 413: ${streamed.body}`,
      );
    }
  }
  // Methods the paths do not document.
  for (const path of paths) {
    const documented = new Set(operations.filter((op) => op.path === path).map((op) => op.method));
    const others = METHODS.filter((m) => !documented.has(m) && !(m === "HEAD" && documented.has("GET")));
    for (const method of others) {
      const url = path.replaceAll(/\{[^}]+\}/g, () => pools.pick("hash"));
      const received = await exchange(undefined, {
        method,
        url,
        headers: {},
        note: `undocumented ${method}`,
      });
      assert.ok(received.status >= 400, `${method} ${path} is not documented, so it must be refused`);
    }
  }
  return {
    operations: operations.map((op) => op.key),
    requests,
    statuses,
    created,
    quarantined,
    knownGapHits,
  };
}

/** The contract every answer keeps, whatever was sent. */
function check(op: Operation | undefined, sent: Sent, received: Received): void {
  const what = () =>
    `${sent.method} ${sent.url.slice(0, 200)} (${sent.note.slice(0, 200)}) answered ${received.status}: ${received.body.slice(0, 300)}`;
  assert.ok(received.status < 500, `no 5xx for hostile input: ${what()}`);
  assert.equal(
    ({} as Record<string, unknown>)["polluted"],
    undefined,
    `Object.prototype is not polluted: ${what()}`,
  );
  assert.equal(typeof received.headers["x-request-id"], "string", `every answer has X-Request-Id: ${what()}`);
  if (received.status < 300) {
    assert.ok(
      op?.documented.has(received.status) === true || sent.method === "HEAD",
      `a documented 2xx: ${what()}`,
    );
    return;
  }
  assert.ok(received.status >= 400, `a 2xx or a 4xx, not a redirect: ${what()}`);
  if (sent.method === "HEAD") return;
  const parsed = tryJson(received.body);
  assert.ok(typeof parsed === "object" && parsed !== null, `the error body is JSON: ${what()}`);
  const body = parsed as Record<string, unknown>;
  for (const key of ["error", "message", "request_id"]) {
    assert.ok(typeof body[key] === "string" && body[key] !== "", `the error body has "${key}": ${what()}`);
  }
  assert.equal(
    body["request_id"],
    received.headers["x-request-id"],
    `request_id matches the header: ${what()}`,
  );
}

/**
 * 413, or a refusal that comes before the body is read: 401/403 (no or wrong credentials), 429 (a
 * rate limit, quota or breaker).
 */
function tooLarge(status: number): boolean {
  return status === 413 || status === 401 || status === 403 || status === 429;
}

function countWrites(body: unknown, created: Set<string>, quarantined: Set<string>): void {
  if (typeof body !== "object" || body === null) return;
  const record = body as Record<string, unknown>;
  if (Array.isArray(record["results"]))
    for (const r of record["results"] as unknown[]) countWrites(r, created, quarantined);
  if (typeof record["hash"] !== "string" || !("assertion" in record)) return;
  if (record["status"] === "created") created.add(record["hash"]);
  if (record["status"] === "quarantined") quarantined.add(record["hash"]);
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** One of `values`, printed short in counterexamples. */
function shown(values: readonly string[]): fc.Arbitrary<Raw> {
  return fc.constantFrom(...values).map((v) => new Raw(v));
}

function describe(value: Raw | undefined): string {
  if (value === undefined) return "(missing)";
  return value[fc.toStringMethod]();
}
