import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scenarioNamed } from "./scenarios.ts";
import { World } from "./world.ts";

describe("World", () => {
  const scenario = scenarioNamed("default");
  const world = new World(scenario);

  it("has the scenario's pairs, each with its own path and values", () => {
    const { topics, pairsPerTopic, valuesPerPair } = scenario.world;
    assert.equal(world.pairs.length, topics * pairsPerTopic);
    assert.equal(new Set(world.pairs.map((p) => `${p.conceptPath}|${p.predicate}`)).size, world.pairs.length);
    for (const p of world.pairs) assert.equal(new Set(p.values).size, valuesPerPair);
  });

  it("is the same world for the same seed", () => {
    const again = new World(scenarioNamed("default"));
    assert.deepEqual(again.pairs, world.pairs);
    assert.deepEqual(again.allChanges(), world.allChanges());
  });

  it("changes every truth to another of the pair's values, inside the run", () => {
    const changes = world.allChanges();
    assert.ok(changes.some((c) => c.kind === "announced") && changes.some((c) => c.kind === "drift"));
    for (const c of changes) {
      assert.ok(c.tick >= 1 && c.tick < scenario.world.ticks, `day ${c.tick}`);
      assert.notEqual(world.truthAt(c.pair, c.tick - 1), c.value, "a change changes the value");
      assert.equal(world.truthAt(c.pair, c.tick), c.value);
      assert.ok(world.pairs[c.pair]?.values.includes(c.value));
    }
  });

  it("announces shifts only in regulated topics, each with the next epoch", () => {
    for (const s of world.shifts) {
      assert.ok(world.regulatedTopics.has(s.topic));
      assert.equal(world.epochAt(s.topic, s.tick - 1), s.epoch - 1);
      assert.equal(world.epochAt(s.topic, s.tick), s.epoch);
    }
  });
});
