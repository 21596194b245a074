import type { Database, RootDatabase } from "lmdb";
import type { Assertion } from "../model/index.ts";
import { decodeBody } from "./assertion-codec.ts";
import type { RecordIdentity } from "./body-reader.ts";
import { readU64, TIMELINE_HASH_AT, TIMELINE_KEY_SIZE, TIMELINE_TIME_AT } from "./index-keys.ts";

/** What a timeline key says of its assertion; the pair comes from the range being read. */
export interface TimelineKey {
  readonly hash: string;
  readonly timestampMs: number;
}

/** What the handle reads for a body: the assertion, or why it could not be decoded. */
export type TimelineValue = Assertion | UndecodedBody;

/** The identity a body is decoded with until `withIdentity` gives it the key's. */
const PENDING: RecordIdentity = { hash: "", conceptPath: "", predicate: "", timestampMs: 0 };

/**
 * A second handle on the timeline keyspace, for reading ranges of it: each key and body is decoded
 * from the bytes where LMDB's iterator leaves them. Through the binary handle, lmdb-js copies each
 * key and each value into a Buffer of its own first (two allocations an entry, about an eighth of
 * a cold query), only for them to be read once and dropped.
 *
 * The bodies come out with an empty identity (`PENDING`): the decoder sees the value alone.
 * `withIdentity` completes each from its key and pair.
 *
 * @example
 * ```ts
 * const entries = openTimelineEntries(env);
 * for (const { key, value } of entries.getRange({ start, end })) withIdentity(value, key, pair);
 * ```
 */
export function openTimelineEntries(env: RootDatabase): Database<TimelineValue, Buffer> {
  const options = {
    name: "timeline",
    keyEncoder: { writeKey, readKey },
    encoder: { decode },
  };
  // Typed by what range bounds are (Buffers); the keys it reads back are `TimelineKey`s.
  return env.openDB<TimelineValue, Buffer>(options);
}

/**
 * The assertion `value` holds, decoded through `openTimelineEntries`, with the identity its key
 * and pair give it.
 * Throws the error its body failed to decode with.
 */
export function withIdentity(
  value: TimelineValue,
  key: TimelineKey,
  pair: { readonly conceptPath: string; readonly predicate: string },
): Assertion {
  if (value instanceof UndecodedBody) throw value.error;
  const complete = value as Mutable<Assertion>;
  complete.hash = key.hash;
  complete.conceptPath = pair.conceptPath;
  complete.predicate = pair.predicate;
  complete.timestampMs = key.timestampMs;
  return complete;
}

/**
 * A body that failed to decode, handed on as a value: an error thrown inside lmdb-js's iterator
 * would leave its cursor and read transaction open, where one thrown from the loop's body
 * closes them (`for…of` calls the iterator's `return`).
 */
export class UndecodedBody {
  constructor(readonly error: unknown) {}
}

function decode(bytes: Buffer, length: number): TimelineValue {
  try {
    return decodeBody(PENDING, bytes, length);
  } catch (error) {
    return new UndecodedBody(error);
  }
}

/** Range bounds are written as the binary keys they are. */
function writeKey(key: Buffer, target: Buffer, start: number): number {
  target.set(key, start);
  return start + key.length;
}

/**
 * The timeline key (`index-keys.ts`) LMDB left at `start` of `source`, read in place: nothing of
 * `source` is kept.
 */
function readKey(source: Buffer, start: number): TimelineKey {
  return {
    hash: source.toString("hex", start + TIMELINE_HASH_AT, start + TIMELINE_KEY_SIZE),
    timestampMs: readU64(source, start + TIMELINE_TIME_AT),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
