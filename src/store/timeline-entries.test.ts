import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import fc from "fast-check";
import type { Assertion } from "../model/index.ts";
import { encodeBody } from "./assertion-codec.ts";
import { idTimeRange, timelineKey } from "./index-keys.ts";
import { openKeyspaces } from "./keyspaces.ts";
import { storedAssertion, withFloat32Confidence } from "./test-assertions.ts";
import { withIdentity, type TimelineKey } from "./timeline-entries.ts";

const dir = mkdtempSync(join(tmpdir(), "stemedb-timeline-entries-"));
const ks = openKeyspaces({ dir });
after(async () => {
  await ks.env.close();
  rmSync(dir, { recursive: true, force: true });
});

let nextPairId = 1;

/** Puts `bodies` in the timeline under a pair of their own, and reads the pair back in place. */
async function storeAndRead(
  stored: readonly { readonly assertion: Assertion; readonly body: Buffer }[],
): Promise<Assertion[]> {
  const pairId = nextPairId++;
  await ks.env.transaction(() => {
    for (const { assertion, body } of stored)
      ks.timeline.putSync(timelineKey(pairId, assertion.timestampMs, assertion.hash), body);
  });
  return readPair(pairId, stored[0]?.assertion ?? { conceptPath: "", predicate: "" });
}

function readPair(pairId: number, pair: { conceptPath: string; predicate: string }): Assertion[] {
  const [start, end] = idTimeRange(pairId);
  const read: Assertion[] = [];
  for (const { key, value } of ks.timelineEntries.getRange({ start, end }))
    read.push(withIdentity(value, key as unknown as TimelineKey, pair));
  return read;
}

/** How many read transactions LMDB has open. */
const readers = () => ks.env.readerList().trim().split("\n").length - 1;

/** In timeline order: by time, then by hash. */
const timelineOrder = (a: Assertion, b: Assertion) =>
  a.timestampMs - b.timestampMs || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0);

test("a range read in place gives back every assertion as written, in timeline order", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(storedAssertion, { minLength: 1, maxLength: 12, selector: (a) => a.hash }),
      async (drawn) => {
        // One pair: every assertion gets the first one's concept path and predicate.
        const [{ conceptPath, predicate }] = drawn as [Assertion];
        const assertions = drawn.map((a) => ({ ...a, conceptPath, predicate }));
        const read = await storeAndRead(assertions.map((a) => ({ assertion: a, body: encodeBody(a) })));
        assert.deepStrictEqual(read, [...assertions].sort(timelineOrder));
      },
    ),
    { numRuns: 300 },
  );
});

test("bodies msgpackr decodes, and bodies larger than LMDB's shared read buffer, are read in place too", async () => {
  const base = fc.sample(storedAssertion, { numRuns: 1, seed: 7 })[0] as Assertion;
  const float32 = { ...base, hash: "01".repeat(32), confidence: 0.5 };
  const large = {
    ...base,
    hash: "02".repeat(32),
    timestampMs: base.timestampMs + 1,
    value: { type: "text", value: "x".repeat(300_000) },
  } as Assertion;
  const read = await storeAndRead([
    { assertion: float32, body: withFloat32Confidence(float32) },
    { assertion: large, body: encodeBody(large) },
  ]);
  assert.deepStrictEqual(read, [float32, large].sort(timelineOrder));
});

test("a body that cannot be decoded fails the read with its error, and later reads go on", async () => {
  const a = fc.sample(storedAssertion, { numRuns: 1, seed: 11 })[0] as Assertion;
  const damaged = encodeBody(a).subarray(0, 5);
  const readersBefore = readers();
  const pairId = nextPairId;
  await assert.rejects(storeAndRead([{ assertion: a, body: damaged }]));
  for (let i = 0; i < 100; i++) assert.throws(() => readPair(pairId, a));
  await ks.timeline.put(timelineKey(pairId, a.timestampMs, a.hash), encodeBody(a));
  assert.deepStrictEqual(readPair(pairId, a), [a]);
  // The failed reads closed their cursors: no read transaction was left open, pinning old pages.
  assert.equal(readers(), readersBefore);
});
