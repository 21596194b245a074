import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { makeAssertion } from "../../test/support/assertions.ts";
import { ContentDefense, DEFAULT_CONTENT_DEFENSE } from "./content-defense.ts";
import { DefenseThread } from "./defense-thread.ts";

const claims = Array.from({ length: 40 }, (_, i) =>
  makeAssertion(
    {
      concept_path: `drugs/compound-${i}`,
      predicate: "effect",
      value: i % 4 === 0 ? "weight loss of about 15 percent" : `outcome ${i} in cohort ${i * 7}`,
      confidence: i % 10 === 9 ? 0.95 : 0.7,
    },
    "agent-1",
  ),
);
const trusts = claims.map((_, i) => (i % 10 === 9 ? 0.3 : 0.5));

describe("DefenseThread", () => {
  it("gives the verdicts the in-process defense gives, remembering only settled batches", async () => {
    const options = { ...DEFAULT_CONTENT_DEFENSE, patterns: [/cohort 21\b/] };
    const thread = new DefenseThread(options);
    const local = new ContentDefense(options);
    const now = Date.now();
    try {
      const forgotten = await thread.screen(claims.slice(0, 5), trusts.slice(0, 5), now);
      thread.forget(forgotten.id);
      for (const [start, end] of [
        [0, 20],
        [20, 40],
        [0, 40],
      ] as const) {
        const { id, verdicts } = await thread.screen(claims.slice(start, end), trusts.slice(start, end), now);
        const expected = claims.slice(start, end).map((c, i) => local.check(c, trusts[start + i] ?? 0, now));
        assert.deepEqual(verdicts, expected, `claims ${start}..${end}`);
        thread.remember(id, now);
        for (const c of claims.slice(start, end)) local.remember(c, now);
      }
      const held = (await thread.screen(claims, trusts, now)).verdicts.filter((v) => v.kind !== "pass");
      assert.ok(held.length > 0, "the near-duplicates, the pattern and the overconfident are held");
    } finally {
      await thread.close();
    }
  });

  it("sends requests of one event-loop turn together and gives each its own verdicts", async () => {
    const options = { ...DEFAULT_CONTENT_DEFENSE, patterns: [/cohort 21\b/] };
    const thread = new DefenseThread(options);
    const local = new ContentDefense(options);
    const now = Date.now();
    try {
      const slices = [
        [0, 3],
        [3, 4],
        [4, 20],
        [20, 40],
      ] as const;
      const answers = await Promise.all(
        slices.map(([start, end]) => thread.screen(claims.slice(start, end), trusts.slice(start, end), now)),
      );
      slices.forEach(([start, end], k) => {
        const expected = claims.slice(start, end).map((c, i) => local.check(c, trusts[start + i] ?? 0, now));
        assert.deepEqual(answers[k]?.verdicts, expected, `request ${k}: claims ${start}..${end}`);
      });
      assert.equal(new Set(answers.map((a) => a.id)).size, slices.length, "each request has its own id");
    } finally {
      await thread.close();
    }
  });

  it("rejects waiting and later calls once its thread is gone, and says so", async () => {
    const failures: Error[] = [];
    const thread = new DefenseThread(DEFAULT_CONTENT_DEFENSE, (error) => failures.push(error));
    await thread.ready();
    await thread.close();
    await assert.rejects(thread.screen(claims, trusts, Date.now()));
    const broken = new DefenseThread(
      { ...DEFAULT_CONTENT_DEFENSE, patterns: [{ source: "(", flags: "" } as unknown as RegExp] },
      (error) => failures.push(error),
    );
    await assert.rejects(broken.screen(claims, trusts, Date.now()));
    assert.ok(broken.failure !== undefined, "a thread that cannot start reports its failure");
    assert.equal(failures.length, 1, "closing on purpose is not a failure");
  });
});
