/**
 * The arena end to end: the quick sybil scenario against a real server over HTTP, with floors on
 * what the lenses must achieve, and a short run twice to show that one seed is one result.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, it } from "node:test";
import { tempDir } from "../../test/support/temp-dir.ts";
import type { ArenaResult, ViewResult } from "./arena-result.ts";
import { runArena } from "./run-arena.ts";
import { scenarioNamed } from "./scenarios.ts";
import { writeArenaReport } from "./write-report.ts";

const arenaDirs = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith("stemedb-arena-"));

function view(result: ArenaResult, id: string): ViewResult {
  const found = result.views.find((v) => v.id === id);
  assert.ok(found !== undefined, `the run scores ${id}`);
  return found;
}

describe("the quick sybil scenario", async () => {
  const before = new Set(arenaDirs());
  const result = await runArena(scenarioNamed("sybil", { quick: true }), { quick: true });

  it("ran the attack through the real server and cleaned up after itself", () => {
    assert.ok(
      result.adversarialShare.sybilsAndTrolls > 0.1,
      `sybil share ${result.adversarialShare.sybilsAndTrolls}`,
    );
    const sybils = result.shield.sybil;
    assert.ok(sybils !== undefined && (sybils.claims["created"] ?? 0) > 50, "the swarm's claims were stored");
    assert.ok(result.queries >= result.pairs * result.scenario.world.ticks * result.views.length);
    assert.deepEqual(
      arenaDirs().filter((d) => !before.has(d)),
      [],
      "the temporary data directory is gone",
    );
  });

  it("trust and authority beat recency and plain consensus under the attack", () => {
    for (const strong of ["trust", "authority"]) {
      for (const weak of ["recency", "consensus"]) {
        const s = view(result, strong);
        const w = view(result, weak);
        assert.ok(
          s.accuracyUnderAttack > w.accuracyUnderAttack + 0.1,
          `${strong} ${s.accuracyUnderAttack} vs ${weak} ${w.accuracyUnderAttack} on attacked pairs`,
        );
        assert.ok(s.accuracy > w.accuracy, `${strong} ${s.accuracy} vs ${weak} ${w.accuracy} overall`);
      }
    }
  });

  it("keeps the best lenses accurate and recovering within days", () => {
    const authority = view(result, "authority");
    assert.ok(authority.accuracy >= 0.9, `authority ${authority.accuracy}`);
    assert.ok(view(result, "trust").accuracy >= 0.85, `trust ${view(result, "trust").accuracy}`);
    const { recovered, changes, maxDays } = authority.recovery;
    assert.ok(recovered >= 0.7 * changes, `authority recovered from ${recovered} of ${changes} changes`);
    assert.ok(maxDays <= 10, `authority took at most ${maxDays} days`);
  });

  it("gives Brier scores in range, and calibrated ones for the lenses reporting a value's share", () => {
    for (const v of result.views) assert.ok(v.brier >= 0 && v.brier <= 1, `${v.id} Brier ${v.brier}`);
    for (const id of ["trust", "layered", "consensus"]) {
      assert.ok(view(result, id).brier < 0.3, `${id} Brier ${view(result, id).brier}`);
    }
  });

  it("flags disputed pairs as contested more often than calm ones", () => {
    const { flags } = view(result, "authority");
    assert.ok(flags.contestedWhenDisputed > flags.contestedWhenCalm, JSON.stringify(flags));
  });

  it("writes the report, the chart and the raw result", () => {
    const dir = tempDir();
    const { markdown, files } = writeArenaReport([result], dir, new Date(Date.UTC(2026, 0, 2, 3, 4, 5)));
    assert.match(markdown, /\| lens +\| accuracy/);
    assert.deepEqual(
      files.map((f) => f.slice(dir.length + 1)),
      ["md", "svg", "json"].map((ext) => `arena-sybil-quick-20260102-030405.${ext}`),
    );
    assert.match(readFileSync(files[1] as string, "utf8"), /^<svg [^>]*>[\s\S]*<polyline[\s\S]*<\/svg>$/);
    const [saved] = JSON.parse(readFileSync(files[2] as string, "utf8")) as ArenaResult[];
    assert.equal(saved?.views.length, result.views.length);
  });
});

describe("a seed", () => {
  it("is one result: two short runs answer alike, Shield outcomes and trust included", async () => {
    const scenario = scenarioNamed("default", { quick: true, seed: 11, sizes: { ticks: 8, topics: 2 } });
    const [a, b] = [await runArena(scenario), await runArena(scenario)];
    assert.deepEqual(
      a.views.map((v) => v.series),
      b.views.map((v) => v.series),
    );
    assert.deepEqual(a.trust, b.trust);
    assert.deepEqual(a.shield, b.shield);
  });
});
