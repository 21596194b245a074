import { Packr } from "msgpackr";
import { readU64 } from "./index-keys.ts";
import type { QueryAuditRecord } from "./query-audit.ts";

/**
 * The stored form of a query's audit record, the value under its `audit-by-time` key (the query's
 * time, then its id). Every answered query writes one, so it is kept small:
 *
 * - **version 2** (written now): a msgpack array `[2, agentId, lens, parameters, pairs]`, each
 *   pair `[conceptPath, predicate, winner, conflictScore, candidatesCount, hashes, weights]` with
 *   the winner's hash (32 bytes, or nil) and the weighed candidates' hashes (32 bytes each, back to
 *   back) as binary, and their weights as numbers. The query's id and time are read from the key.
 *   About 690 bytes for one pair of 10 candidates.
 * - **version 1**: a msgpack map of the record's fields with every hash in hex, about 1,260 bytes
 *   for the same query. Still read.
 */
const FORMAT = 2;
const HASH_BYTES = 32;
const packr = new Packr({ useRecords: false, mapsAsObjects: true });

type StoredPair = [string, string, Uint8Array | null, number, number, Uint8Array, number[]];
/** The format number comes first, so a later format can be told apart. */
type Stored = [number, string, string, Record<string, unknown>, StoredPair[]];

export function encodeAuditRecord(record: QueryAuditRecord): Buffer {
  const stored: Stored = [
    FORMAT,
    record.agentId,
    record.lens,
    record.parameters,
    record.pairs.map((p) => {
      const hashes = Buffer.allocUnsafe(p.weights.length * HASH_BYTES);
      const weights = p.weights.map(([hash, weight], i) => {
        hashes.write(hash, i * HASH_BYTES, HASH_BYTES, "hex");
        return weight;
      });
      const winner = p.winner === null ? null : Buffer.from(p.winner, "hex");
      return [p.conceptPath, p.predicate, winner, p.conflictScore, p.candidatesCount, hashes, weights];
    }),
  ];
  return packr.pack(stored);
}

/** The record stored as `raw` under `key` (time, then the 32-byte query id), in either version. */
export function decodeAuditRecord(key: Uint8Array, raw: Uint8Array): QueryAuditRecord {
  const value: unknown = packr.unpack(raw);
  if (!Array.isArray(value)) return value as QueryAuditRecord;
  const [format, agentId, lens, parameters, pairs] = value as Stored;
  if (format !== FORMAT) throw new TypeError(`Cannot read a query audit record of format ${String(format)}`);
  return {
    queryId: hex(key, 8, key.length),
    atMs: readU64(key, 0),
    agentId,
    lens,
    parameters,
    pairs: pairs.map(([conceptPath, predicate, winner, conflictScore, candidatesCount, hashes, weights]) => ({
      conceptPath,
      predicate,
      winner: winner === null ? null : hex(winner, 0, winner.length),
      conflictScore,
      candidatesCount,
      weights: weights.map(
        (weight, i) => [hex(hashes, i * HASH_BYTES, (i + 1) * HASH_BYTES), weight] as const,
      ),
    })),
  };
}

function hex(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex", start, end);
}
