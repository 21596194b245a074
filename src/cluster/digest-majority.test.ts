import assert from "node:assert/strict";
import { it } from "node:test";
import fc from "fast-check";
import { compareDigests, type MemberDigest, type ShardDisagreement } from "./digest-majority.ts";
import type { ShardSum } from "./shard-digest.ts";

const sum = (count: number, fill = String(count % 10)): ShardSum => ({ count, xor: fill.repeat(64) });
const empty = sum(0, "0");
/** A digest with shards `00`…`03`: `a` (count 1), `b` (2), `c` (3), `d` (4) unless `changes` says. */
const digest = (member: string, changes: Record<string, ShardSum> = {}): MemberDigest => ({
  member,
  shards: { "00": sum(1), "01": sum(2), "02": sum(3), "03": sum(4), ...changes },
});

/** What a comparison says, in a form a table can spell: `shard kind member,member`. */
function spelled(disagreements: readonly ShardDisagreement[]): string[] {
  return disagreements.map((d) =>
    d.kind === "outvoted"
      ? `${d.shard} outvoted ${d.outvoted.map((m) => m.member).join(",")}`
      : `${d.shard} split ${d.sums.map((m) => m.member).join(",")}`,
  );
}

const cases: readonly { readonly name: string; readonly digests: MemberDigest[]; readonly says: string[] }[] =
  [
    { name: "no members", digests: [], says: [] },
    { name: "one member agrees with itself", digests: [digest("n1")], says: [] },
    { name: "three agree", digests: [digest("n1"), digest("n2"), digest("n3")], says: [] },
    {
      name: "one of three lacks a record",
      digests: [digest("n1"), digest("n2", { "02": sum(2) }), digest("n3")],
      says: ["02 outvoted n2"],
    },
    {
      name: "the same count with another XOR differs",
      digests: [digest("n1"), digest("n2"), digest("n3", { "01": sum(2, "f") })],
      says: ["01 outvoted n3"],
    },
    {
      name: "two members differ in different shards",
      digests: [digest("n1", { "00": sum(0) }), digest("n2", { "03": sum(5) }), digest("n3")],
      says: ["00 outvoted n1", "03 outvoted n2"],
    },
    {
      name: "one member differs in several shards",
      digests: [digest("n1"), digest("n2", { "01": sum(7), "02": sum(8) }), digest("n3")],
      says: ["01 outvoted n2", "02 outvoted n2"],
    },
    {
      name: "two members that disagree: no majority",
      digests: [digest("n1"), digest("n2", { "02": sum(2) })],
      says: ["02 split n1,n2"],
    },
    {
      name: "three members, three values: no majority",
      digests: [digest("n1"), digest("n2", { "02": sum(2) }), digest("n3", { "02": sum(9) })],
      says: ["02 split n1,n2,n3"],
    },
    {
      name: "four members split two against two: no majority",
      digests: [digest("n1"), digest("n2"), digest("n3", { "00": sum(9) }), digest("n4", { "00": sum(9) })],
      says: ["00 split n1,n2,n3,n4"],
    },
    {
      name: "four members, three against one",
      digests: [digest("n1"), digest("n2"), digest("n3"), digest("n4", { "00": sum(9) })],
      says: ["00 outvoted n4"],
    },
    {
      name: "five members, three against two different values",
      digests: [
        digest("n1", { "03": sum(1) }),
        digest("n2"),
        digest("n3"),
        digest("n4", { "03": sum(2) }),
        digest("n5"),
      ],
      says: ["03 outvoted n1,n4"],
    },
    {
      name: "a shard a digest lacks counts as empty",
      digests: [
        { member: "n1", shards: { "00": sum(1) } },
        { member: "n2", shards: { "00": sum(1), "01": empty } },
        { member: "n3", shards: { "00": sum(1), "02": sum(1) } },
      ],
      says: ["02 outvoted n3"],
    },
  ];

for (const { name, digests, says } of cases) {
  it(name, () => {
    assert.deepEqual(spelled(compareDigests(digests)), says);
  });
}

it("names the majority's sum and each outvoted member's own", () => {
  const [disagreement] = compareDigests([digest("n1"), digest("n2", { "02": sum(2) }), digest("n3")]);
  assert.deepEqual(disagreement, {
    kind: "outvoted",
    shard: "02",
    majority: sum(3),
    outvoted: [{ member: "n2", sum: sum(2) }],
  });
});

it("a minority that differs is outvoted whatever the members' order", () => {
  const shardSum = fc.record({
    count: fc.nat(9),
    xor: fc.constantFrom("0", "a", "f").map((c) => c.repeat(64)),
  });
  const shards = fc.dictionary(fc.constantFrom("00", "01", "7f", "ff"), shardSum);
  fc.assert(
    fc.property(shards, fc.array(shards, { maxLength: 3 }), fc.nat(3), (agreed, others, extra) => {
      // More members hold `agreed` than the others together: `agreed` wins every shard.
      const majority = Array.from({ length: others.length + 1 + extra }, (_, i) => ({
        member: `m${i}`,
        shards: agreed,
      }));
      const minority = others.map((s, i) => ({ member: `o${i}`, shards: s }));
      const mixed = [...minority, ...majority].sort((a, b) => (a.member < b.member ? 1 : -1));
      for (const d of compareDigests(mixed)) {
        assert.equal(d.kind, "outvoted");
        assert.ok(
          d.outvoted.every((m) => m.member.startsWith("o")),
          "only minority members",
        );
        assert.deepEqual({ ...d.majority }, { ...(agreed[d.shard] ?? empty) });
      }
    }),
  );
});
