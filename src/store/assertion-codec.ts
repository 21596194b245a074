import { Packr } from "msgpackr";
import type { Assertion, Signature, Source, Tier, Value } from "../model/index.ts";
import {
  LIFECYCLE_CODES,
  UNSIGNED,
  VALUE_TYPE_CODES,
  readBody,
  readLogAssertion,
  type RecordIdentity,
} from "./body-reader.ts";

/**
 * Binary forms of an assertion: msgpack arrays in a fixed order (no field names), with every hex
 * identity as raw bytes.
 *
 * - The **log form** (`encodeLogAssertion`) is the WAL payload and holds everything: two msgpack
 *   values back to back, the identity `[format, hash, conceptPath, predicate, timestampMs]` and
 *   then the body. The store keeps the body bytes as they are, so applying a record never
 *   re-encodes it.
 * - The **stored body** (`encodeBody`) is the value of the store's timeline record, whose key
 *   already holds the pair (concept path, predicate), the time and the hash:
 *   `[valueType, value, confidence, tier, lifecycle, sourceUri, sourceHash, epoch, parent, agent,
 *   signatures]`.
 *
 * Absent optional fields are null; the agent is 32 raw bytes when it is a key, else a string
 * ("anonymous", an API key's name); each signature is `[agentId, signature, timestampMs]`.
 *
 * Decoding goes through `body-reader.ts`, which reads the forms our encoder writes in place, and
 * through msgpackr for any other.
 */
const LOG_FORMAT = 1;
const HEX_KEY = /^[0-9a-f]{64}$/;

// Records off: every payload must decode on its own, without structures kept elsewhere.
const packr = new Packr({ useRecords: false, mapsAsObjects: true });

type SignatureRow = [Uint8Array, Uint8Array, number];
type Body = [
  number,
  string | number | boolean,
  number,
  number,
  number,
  string | null,
  Uint8Array | null,
  Uint8Array | null,
  Uint8Array | null,
  Uint8Array | string,
  SignatureRow[],
];
type Identity = [number, Uint8Array, string, string, number];

const toBytes = (hex: string): Buffer => Buffer.from(hex, "hex");
// msgpackr decodes binary as Buffers when it reads a Buffer: read those directly, sparing a view.
const toHex = (raw: Uint8Array): string =>
  Buffer.isBuffer(raw)
    ? raw.toString("hex")
    : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("hex");
const asBuffer = (raw: Uint8Array): Buffer =>
  Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);

function bodyOf(a: Assertion): Body {
  return [
    VALUE_TYPE_CODES.indexOf(a.value.type),
    a.value.value,
    a.confidence,
    a.authorityTier,
    LIFECYCLE_CODES.indexOf(a.lifecycle),
    a.source?.uri ?? null,
    a.source?.hash === undefined ? null : toBytes(a.source.hash),
    a.epoch === undefined ? null : toBytes(a.epoch),
    a.parent === undefined ? null : toBytes(a.parent),
    HEX_KEY.test(a.agentId) ? toBytes(a.agentId) : a.agentId,
    a.signatures.map((s) => [toBytes(s.agentId), toBytes(s.signature), s.timestampMs]),
  ];
}

function fromBody(identity: RecordIdentity, body: Body): Assertion {
  const [
    valueType,
    value,
    confidence,
    tier,
    lifecycle,
    sourceUri,
    sourceHash,
    epoch,
    parent,
    agent,
    signatures,
  ] = body;
  // Assigned one by one rather than spread: this runs for every candidate of every query, and
  // each `...(x ? {…} : {})` makes and copies an object of its own.
  const assertion: Mutable<Assertion> = {
    hash: identity.hash,
    conceptPath: identity.conceptPath,
    predicate: identity.predicate,
    value: { type: VALUE_TYPE_CODES[valueType] ?? "text", value } as Value,
    confidence,
    authorityTier: tier as Tier,
    lifecycle: LIFECYCLE_CODES[lifecycle] ?? "proposed",
    timestampMs: identity.timestampMs,
    agentId: typeof agent === "string" ? agent : toHex(agent),
    signatures:
      signatures.length === 0
        ? UNSIGNED
        : signatures.map(([agentId, signature, signedAt]): Signature => ({
            agentId: toHex(agentId),
            signature: toHex(signature),
            timestampMs: signedAt,
          })),
  };
  if (sourceUri !== null || sourceHash !== null) {
    const source: Mutable<Source> = {};
    if (sourceUri !== null) source.uri = sourceUri;
    if (sourceHash !== null) source.hash = toHex(sourceHash);
    assertion.source = source;
  }
  if (epoch !== null) assertion.epoch = toHex(epoch);
  if (parent !== null) assertion.parent = toHex(parent);
  return assertion;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** An assertion in log form, and the part of it the store keeps. */
export interface LogAssertion {
  readonly payload: Buffer;
  /** The body: a view into `payload`. */
  readonly body: Buffer;
}

/** The WAL payload of an assertion. */
export function encodeLogAssertion(a: Assertion): LogAssertion {
  const identity: Identity = [LOG_FORMAT, toBytes(a.hash), a.conceptPath, a.predicate, a.timestampMs];
  const head = packr.pack(identity);
  const payload = Buffer.concat([head, packr.pack(bodyOf(a))]);
  return { payload, body: payload.subarray(head.length) };
}

export function decodeLogAssertion(raw: Uint8Array): { assertion: Assertion; body: Buffer } {
  const bytes = asBuffer(raw);
  const read = readLogAssertion(bytes, LOG_FORMAT);
  if (read !== undefined) return { assertion: read.assertion, body: bytes.subarray(read.bodyStart) };
  const values: unknown[] = [];
  let bodyStart = 0;
  packr.unpackMultiple(bytes, (value: unknown, start?: number) => {
    if (values.length === 1) bodyStart = start ?? 0;
    values.push(value);
  });
  const identity = values[0];
  if (!Array.isArray(identity) || identity[0] !== LOG_FORMAT || values.length !== 2) {
    throw new TypeError(
      `Cannot decode WAL assertion: format ${String((identity as unknown[] | undefined)?.[0])} is unknown`,
    );
  }
  const [, hash, conceptPath, predicate, timestampMs] = identity as Identity;
  const assertion = fromBody({ hash: toHex(hash), conceptPath, predicate, timestampMs }, values[1] as Body);
  return { assertion, body: bytes.subarray(bodyStart) };
}

/** The stored body of an assertion (the timeline record's value). */
export function encodeBody(a: Assertion): Buffer {
  return packr.pack(bodyOf(a));
}

/**
 * The assertion whose stored body is the first `length` bytes of `raw`. Nothing of `raw` is kept:
 * it may be a buffer LMDB reuses for the next read.
 */
export function decodeBody(identity: RecordIdentity, raw: Uint8Array, length = raw.length): Assertion {
  const bytes = asBuffer(raw);
  // `fromBody` turns every binary field into a string at once: no view of `bytes` outlives it.
  return (
    readBody(identity, bytes, length) ?? fromBody(identity, packr.unpack(bytes.subarray(0, length)) as Body)
  );
}
