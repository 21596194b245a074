/**
 * Throws a `TypeError` unless the record carries a `timestamp`: a content hash includes the time,
 * and a record without one gets the server's receive time, unknown to the client in advance.
 *
 * @example
 * ```ts
 * requireTimestamp({ name: "guidelines-2026" }, "epoch"); // throws TypeError
 * ```
 */
export function requireTimestamp(record: { readonly timestamp?: unknown }, kind: string): void {
  if (record.timestamp === undefined || record.timestamp === null) {
    throw new TypeError(
      `Cannot compute the hash of an ${kind} without a timestamp: the server would stamp its own ` +
        "receive time; set timestamp (the builders and the Signer do)",
    );
  }
}
