import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { Packr } from "msgpackr";
import { hex32 } from "../model/test-arbitraries.ts";
import { decodeAuditRecord, encodeAuditRecord } from "./audit-codec.ts";
import { QueryAudit, type QueryAuditRecord } from "./query-audit.ts";

/** The record's `audit-by-time` key: its time, then its id. */
function keyOf(record: QueryAuditRecord): Buffer {
  const key = Buffer.alloc(40);
  key.writeUInt32BE(Math.floor(record.atMs / 4_294_967_296), 0);
  key.writeUInt32BE(record.atMs >>> 0, 4);
  Buffer.from(record.queryId, "hex").copy(key, 8);
  return key;
}

const pair = fc.record({
  conceptPath: fc.string({ minLength: 1, maxLength: 40 }),
  predicate: fc.string({ minLength: 1, maxLength: 20 }),
  winner: fc.option(hex32, { nil: null }),
  conflictScore: fc.double({ min: 0, max: 1, noNaN: true }),
  candidatesCount: fc.nat({ max: 100_000 }),
  weights: fc.array(
    fc.tuple(hex32, fc.double({ noNaN: true, noDefaultInfinity: true })).map(([h, w]) => [h, w] as const),
    { maxLength: 50 },
  ),
});

const record: fc.Arbitrary<QueryAuditRecord> = fc
  .record({
    atMs: fc.integer({ min: 0, max: 253402300799999 }),
    agentId: fc.oneof(hex32, fc.constantFrom("anonymous", "reader-7")),
    lens: fc.constantFrom("recency", "consensus", "skeptic"),
    parameters: fc.dictionary(
      fc.constantFrom("concept_path", "predicate", "lens", "as_of", "limit"),
      fc.oneof(fc.string(), fc.integer()),
    ),
    pairs: fc.array(pair, { maxLength: 4 }),
  })
  .map((r) => ({
    ...r,
    queryId: QueryAudit.newQueryId(r.atMs),
    parameters: { ...r.parameters },
    // -0 has one msgpack form, 0.
    pairs: r.pairs.map((p) => ({ ...p, weights: p.weights.map(([h, w]) => [h, w === 0 ? 0 : w] as const) })),
  }));

test("an audit record reads back as it was recorded, its id and time from its key", () => {
  fc.assert(
    fc.property(record, (r) => {
      assert.deepStrictEqual(decodeAuditRecord(keyOf(r), encodeAuditRecord(r)), r);
    }),
    { numRuns: 1_000 },
  );
});

test("a pair of 10 weighed candidates takes at most 60 % of the bytes of the first format", () => {
  const hash = (i: number) => i.toString(16).padStart(64, "0");
  const r: QueryAuditRecord = {
    queryId: QueryAudit.newQueryId(1_764_000_000_000),
    atMs: 1_764_000_000_000,
    agentId: hash(99),
    lens: "recency",
    parameters: {
      concept_path: "cardiology-3/examplumab/dosing",
      predicate: "max_daily_dose_mg",
      as_of: "2026-11-24T00:00:00.000Z",
    },
    pairs: [
      {
        conceptPath: "cardiology-3/examplumab/dosing",
        predicate: "max_daily_dose_mg",
        winner: hash(1),
        conflictScore: 0.4127,
        candidatesCount: 10,
        weights: Array.from({ length: 10 }, (_, i) => [hash(i + 1), 0.9 - i / 17] as const),
      },
    ],
  };
  const firstFormat = new Packr({ useRecords: false, mapsAsObjects: true }).pack(r).length;
  const stored = encodeAuditRecord(r).length;
  assert.ok(stored <= 0.6 * firstFormat, `${stored} bytes against ${firstFormat} in the first format`);
  assert.deepStrictEqual(decodeAuditRecord(keyOf(r), encodeAuditRecord(r)), r);
});
