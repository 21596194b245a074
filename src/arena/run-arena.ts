/**
 * One arena run: starts a server, lets every population act day by day through the SDK, reads
 * every pair through every view at the end of each day, and scores the answers.
 */
import { StemeClient } from "../client/index.ts";
import { POPULATIONS, type Population } from "./actions.ts";
import type { ArenaResult } from "./arena-result.ts";
import { startArenaServer } from "./arena-server.ts";
import { Board } from "./board.ts";
import { Executor } from "./executor.ts";
import { Judge } from "./judge.ts";
import type { Ground } from "./observations.ts";
import { cast } from "./populations/cast.ts";
import { sybilTargets } from "./populations/sybils.ts";
import { tickAt, type ArenaScenario } from "./scenario.ts";
import { ShieldTally } from "./shield-tally.ts";
import { planStudy } from "./study-plan.ts";
import { summarizeView } from "./summarize.ts";
import { VIEWS } from "./views.ts";
import { World } from "./world.ts";

/** A pair stays disputed this many days after adversaries wrote to it or its truth changed. */
export const DISPUTE_DAYS = 3;

/** Sybil keys whose trust is sampled for the report. */
const SYBIL_SAMPLE = 40;

/** Options of a run. */
export interface RunOptions {
  /** Recorded in the result; the scenario itself is already shrunk by `scenarioNamed`. */
  readonly quick?: boolean;
  /** Called after each simulated day. */
  readonly onDay?: (tick: number, ticks: number) => void;
  /** Server settings on top of the arena's (`ARENA_SERVER_ENV`). */
  readonly serverEnv?: Readonly<Record<string, string>>;
}

/**
 * Runs `scenario` and returns what it measured. Deterministic for a seed, except the Shield's
 * rate limits, which count wall-clock seconds.
 *
 * @example
 * ```ts
 * const result = await runArena(scenarioNamed("sybil", { quick: true }));
 * result.views.find((v) => v.id === "trust")?.accuracy; // 0.9…
 * ```
 */
export async function runArena(scenario: ArenaScenario, options: RunOptions = {}): Promise<ArenaResult> {
  const started = performance.now();
  const { ticks } = scenario.world;
  const world = new World(scenario);
  const study = planStudy(scenario, world);
  const board = new Board(world.pairs.length, ticks);
  const tally = new ShieldTally();
  const actors = cast(scenario, world, study);
  const server = await startArenaServer(options.serverEnv);
  let judge: Judge;
  let trust: Partial<Record<Population, number>>;
  let serverCounters: Record<string, number>;
  try {
    const executor = await Executor.open(server, world, board, tally, scenario.seed, POPULATIONS);
    const admin = new StemeClient({ baseUrl: server.url, adminToken: server.adminToken }).admin;
    const judgeKey = await admin.createApiKey({ name: "arena judge" });
    const reader = new StemeClient({ baseUrl: server.url, apiKey: judgeKey.key, agentId: "arena-judge" });
    judge = new Judge(reader, VIEWS, world.pairs);
    for (let tick = 0; tick < ticks; tick++) {
      const ctx = { tick, world, board, study };
      await executor.runDay(
        tick,
        actors.flatMap((a) => a.act(ctx)),
      );
      await judge.readDay(tick);
      options.onDay?.(tick, ticks);
    }
    trust = await meanTrust(
      reader,
      executor,
      actors.flatMap((a) => a.agents),
      tally,
    );
    serverCounters = parseCounters(await reader.metrics());
  } finally {
    await server.close();
  }

  const ground = groundOf(world, board, ticks);
  const targets = new Set(sybilTargets(scenario, world));
  const sybilStart =
    scenario.sybils.claimsPerTick > 0 && targets.size > 0 ? tickAt(scenario, scenario.sybils.startAt) : null;
  const context = {
    ground,
    changes: world.allChanges(),
    writesOn: (pair: number, tick: number) => board.writesOn(pair, tick),
    attacked: (tick: number, pair: number) => sybilStart !== null && tick >= sybilStart && targets.has(pair),
  };
  const views = VIEWS.map((view, v) => summarizeView(view, judge.answers(v), context));
  const best = [...views].sort((a, b) => b.accuracy - a.accuracy)[0]?.id ?? "";
  const shield = Object.fromEntries(tally.populations().map((p) => [p, tally.of(p)]));
  return {
    scenario,
    quick: options.quick === true,
    pairs: world.pairs.length,
    views,
    best,
    shield,
    adversarialShare: adversarialShare(tally),
    trust,
    serverCounters,
    events: {
      shifts: world.shifts.map((s) => s.tick),
      drifts: world
        .allChanges()
        .filter((c) => c.kind === "drift")
        .map((c) => c.tick),
      sybilStart,
      studyRegistered: study.pairs.length > 0 ? study.registeredTick : null,
      studyRetracted: study.pairs.length > 0 ? study.retractedTick : null,
    },
    queries: judge.queries,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The truth of every pair-day, and which pair-days were disputed. */
function groundOf(world: World, board: Board, ticks: number): Ground {
  const truth = Array.from({ length: ticks }, (_, t) => world.pairs.map((p) => world.truthAt(p.index, t)));
  const disputed = Array.from({ length: ticks }, (_, t) =>
    world.pairs.map((p) => {
      for (let u = Math.max(0, t - DISPUTE_DAYS + 1); u <= t; u++) {
        if (board.disputingOn(p.index, u) > 0) return true;
        if (world.changesOf(p.index).some((c) => c.tick === u)) return true;
      }
      return false;
    }),
  );
  return { truth, disputed };
}

/** Claims sent by sybils and trolls, and by every adversarial population, over all claims sent. */
function adversarialShare(tally: ShieldTally): ArenaResult["adversarialShare"] {
  const sent = (p: Population): number => tally.of(p).sent.assert;
  const total = POPULATIONS.reduce((sum, p) => sum + sent(p), 0);
  const share = (ps: readonly Population[]): number =>
    total === 0 ? 0 : ps.reduce((sum, p) => sum + sent(p), 0) / total;
  return { sybilsAndTrolls: share(["sybil", "troll"]), all: share(["sybil", "troll", "ring", "publisher"]) };
}

/** Mean trust per population at the end, read from `GET /v1/agents/{id}`. */
async function meanTrust(
  reader: StemeClient,
  executor: Executor,
  agents: readonly { label: string; population: Population }[],
  tally: ShieldTally,
): Promise<Partial<Record<Population, number>>> {
  const sybilsSent = tally.of("sybil").sent;
  const sybilKeys = sybilsSent.assert + sybilsSent.cosign + sybilsSent.vote;
  const sampled = [
    ...agents,
    ...Array.from({ length: Math.min(SYBIL_SAMPLE, sybilKeys) }, (_, i) => ({
      label: `sybil-${i}`,
      population: "sybil" as const,
    })),
  ];
  const sums = new Map<Population, { sum: number; n: number }>();
  for (const agent of sampled) {
    const { agentId } = await executor.signer(agent.label);
    const { trust } = await reader.agent(agentId);
    const s = sums.get(agent.population) ?? { sum: 0, n: 0 };
    sums.set(agent.population, { sum: s.sum + trust, n: s.n + 1 });
  }
  return Object.fromEntries([...sums].map(([p, { sum, n }]) => [p, sum / n]));
}

/** `stemedb_requests_rejected_total` and `stemedb_quarantined_total` by reason, from `/metrics`. */
export function parseCounters(text: string): Record<string, number> {
  const counters: Record<string, number> = {};
  const line = /^stemedb_(requests_rejected|quarantined)_total\{reason="([^"]+)"\}\s+(\d+(?:\.\d+)?)$/;
  for (const row of text.split("\n")) {
    const m = line.exec(row.trim());
    if (m !== null) counters[`${m[1] === "quarantined" ? "quarantined" : "rejected"}:${m[2]}`] = Number(m[3]);
  }
  return counters;
}
