import type { Assertion, Lifecycle, Signature, Source, Tier, Value } from "../model/index.ts";

/**
 * Reads an assertion's msgpack forms (`assertion-codec.ts`) straight into an `Assertion`, without
 * msgpackr's general decoder: every query of a pair not in memory decodes each of its claims,
 * and the general decoder builds an array per body, a Buffer per binary field and then the hex
 * strings from those. This reads the fields in place, makes the hex strings from the source bytes
 * and builds nothing else.
 *
 * It reads only the forms our encoder writes for these fields: integers up to 32 bits, float64,
 * strings, nil, booleans, binaries and short arrays. Anything else (a float32, a 64-bit
 * integer, a map) makes it answer `undefined`, and the caller decodes with msgpackr, which reads
 * every form; a property test holds the two to the same result.
 */

/** The stored codes of value types and lifecycles: a field holds the index. Append only. */
export const VALUE_TYPE_CODES = ["text", "number", "boolean", "reference"] as const;
export const LIFECYCLE_CODES: readonly Lifecycle[] = [
  "proposed",
  "under_review",
  "approved",
  "deprecated",
  "rejected",
];
/** The signatures of an unsigned assertion: one frozen array for all of them. */
export const UNSIGNED: readonly Signature[] = Object.freeze([]);

const BODY_FIELDS = 11;
const IDENTITY_FIELDS = 5;

/** Thrown inside the reader when it meets a form it does not read; never escapes it. */
const UNREAD = new Error("a msgpack form the body reader does not read");

const EMPTY = Buffer.alloc(0);
/** The bytes being read, only while a read runs: afterwards no segment or page stays reachable. */
let src: Buffer = EMPTY;
let pos = 0;
let end = 0;

/** What the store's key tells about a record, to rebuild the whole assertion from its body. */
export interface RecordIdentity {
  readonly hash: string;
  readonly conceptPath: string;
  readonly predicate: string;
  readonly timestampMs: number;
}

/**
 * The assertion whose stored body is the first `length` bytes of `bytes`, or `undefined` when a
 * form needs msgpackr.
 */
export function readBody(
  identity: RecordIdentity,
  bytes: Buffer,
  length = bytes.length,
): Assertion | undefined {
  start(bytes, length);
  try {
    const assertion = body(identity.hash, identity.conceptPath, identity.predicate, identity.timestampMs);
    return pos === end ? assertion : undefined;
  } catch (error) {
    if (error === UNREAD) return undefined;
    throw error;
  } finally {
    src = EMPTY;
  }
}

/**
 * The assertion in a WAL payload (identity, then body) and where its body starts, or `undefined`
 * when a form needs msgpackr (or the identity's format is not `format`).
 */
export function readLogAssertion(
  bytes: Buffer,
  format: number,
): { assertion: Assertion; bodyStart: number } | undefined {
  start(bytes);
  try {
    if (arrayLength() !== IDENTITY_FIELDS || integer() !== format) return undefined;
    const hash = hex();
    const conceptPath = text();
    const predicate = text();
    const timestampMs = number();
    const bodyStart = pos;
    const assertion = body(hash, conceptPath, predicate, timestampMs);
    return pos === end ? { assertion, bodyStart } : undefined;
  } catch (error) {
    if (error === UNREAD) return undefined;
    throw error;
  } finally {
    src = EMPTY;
  }
}

function start(bytes: Buffer, length = bytes.length): void {
  src = bytes;
  pos = 0;
  end = length;
}

function body(hash: string, conceptPath: string, predicate: string, timestampMs: number): Assertion {
  if (arrayLength() !== BODY_FIELDS) throw UNREAD;
  const valueType = integer();
  const value = scalar();
  const confidence = number();
  const tier = integer();
  const lifecycle = integer();
  const sourceUri = isNil() ? null : text();
  const sourceHash = isNil() ? null : hex();
  const epoch = isNil() ? null : hex();
  const parent = isNil() ? null : hex();
  const agentId = peek() >= 0xc4 && peek() <= 0xc6 ? hex() : text();
  const signatures = signatureList();
  // Assigned one by one rather than spread, in the order `fromBody` (msgpackr's path) uses, so
  // both make objects of one shape.
  const assertion: Mutable<Assertion> = {
    hash,
    conceptPath,
    predicate,
    value: { type: VALUE_TYPE_CODES[valueType] ?? "text", value } as Value,
    confidence,
    authorityTier: tier as Tier,
    lifecycle: LIFECYCLE_CODES[lifecycle] ?? "proposed",
    timestampMs,
    agentId,
    signatures,
  };
  if (sourceUri !== null || sourceHash !== null) {
    const source: Mutable<Source> = {};
    if (sourceUri !== null) source.uri = sourceUri;
    if (sourceHash !== null) source.hash = sourceHash;
    assertion.source = source;
  }
  if (epoch !== null) assertion.epoch = epoch;
  if (parent !== null) assertion.parent = parent;
  return assertion;
}

function signatureList(): readonly Signature[] {
  const count = arrayLength();
  if (count === 0) return UNSIGNED;
  const list: Signature[] = [];
  for (let i = 0; i < count; i++) {
    if (arrayLength() !== 3) throw UNREAD;
    list.push({ agentId: hex(), signature: hex(), timestampMs: number() });
  }
  return list;
}

function peek(): number {
  if (pos >= end) throw UNREAD;
  return src[pos] as number;
}

function isNil(): boolean {
  if (peek() !== 0xc0) return false;
  pos++;
  return true;
}

function arrayLength(): number {
  const lead = peek();
  if (lead >= 0x90 && lead <= 0x9f) {
    pos++;
    return lead & 0x0f;
  }
  if (lead === 0xdc) return lengthAfter(2);
  throw UNREAD;
}

/** An integer of at most 32 bits, in any of msgpack's forms for one. */
function integer(): number {
  const lead = peek();
  if (lead <= 0x7f) {
    pos++;
    return lead;
  }
  if (lead >= 0xe0) {
    pos++;
    return lead - 0x100;
  }
  switch (lead) {
    case 0xcc:
      return src.readUInt8(skip(1));
    case 0xcd:
      return src.readUInt16BE(skip(2));
    case 0xce:
      return src.readUInt32BE(skip(4));
    case 0xd0:
      return src.readInt8(skip(1));
    case 0xd1:
      return src.readInt16BE(skip(2));
    case 0xd2:
      return src.readInt32BE(skip(4));
    default:
      throw UNREAD;
  }
}

/** An integer or a float64. */
function number(): number {
  if (peek() === 0xcb) return src.readDoubleBE(skip(8));
  return integer();
}

/** A value: text, number or boolean. */
function scalar(): string | number | boolean {
  const lead = peek();
  if (lead === 0xc2 || lead === 0xc3) {
    pos++;
    return lead === 0xc3;
  }
  if ((lead >= 0xa0 && lead <= 0xbf) || (lead >= 0xd9 && lead <= 0xdb)) return text();
  return number();
}

function text(): string {
  const lead = peek();
  let length: number;
  if (lead >= 0xa0 && lead <= 0xbf) {
    pos++;
    length = lead & 0x1f;
  } else if (lead === 0xd9) length = lengthAfter(1);
  else if (lead === 0xda) length = lengthAfter(2);
  else if (lead === 0xdb) length = lengthAfter(4);
  else throw UNREAD;
  return src.toString("utf8", pos, take(length));
}

/** A binary field, as lowercase hex. */
function hex(): string {
  const lead = peek();
  let length: number;
  if (lead === 0xc4) length = lengthAfter(1);
  else if (lead === 0xc5) length = lengthAfter(2);
  else if (lead === 0xc6) length = lengthAfter(4);
  else throw UNREAD;
  return src.toString("hex", pos, take(length));
}

/** Reads the `size`-byte length after the lead byte and moves past both. */
function lengthAfter(size: 1 | 2 | 4): number {
  const at = skip(size);
  return size === 1 ? src.readUInt8(at) : size === 2 ? src.readUInt16BE(at) : src.readUInt32BE(at);
}

/** Moves past a lead byte and the `size` bytes after it, and answers where those start. */
function skip(size: number): number {
  const at = pos + 1;
  if (at + size > end) throw UNREAD;
  pos = at + size;
  return at;
}

/** Moves past `length` bytes of content and answers where they end. */
function take(length: number): number {
  const stop = pos + length;
  if (stop > end) throw UNREAD;
  pos = stop;
  return stop;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
