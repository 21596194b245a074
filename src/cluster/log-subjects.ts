import { RecordType } from "../store/record-type.ts";

/** The NATS header carrying a record's `RecordType` number. */
export const RECORD_TYPE_HEADER = "Steme-Record-Type";

/**
 * The subject a record is published to: `<prefix>.a.<xx>` for an assertion, `<prefix>.r.<xx>`
 * for any other record, `xx` the first two hex digits of its id. One stream takes them all, so
 * the order is one; the shard in the subject lets an operator follow part of the log.
 *
 * @example
 * ```ts
 * recordSubject("steme", RecordType.assertion, "ab12…"); // "steme.a.ab"
 * ```
 */
export function recordSubject(prefix: string, type: number, id: string): string {
  const shard = id.slice(0, 2).toLowerCase();
  if (!/^[0-9a-f]{2}$/.test(shard)) {
    throw new RangeError(
      `Cannot publish record ${JSON.stringify(id)}: its id must start with two hex digits`,
    );
  }
  return `${prefix}.${type === RecordType.assertion ? "a" : "r"}.${shard}`;
}

/** The subjects of the stream that holds a prefix's log. */
export function streamSubjects(prefix: string): string[] {
  return [`${prefix}.a.*`, `${prefix}.r.*`];
}
