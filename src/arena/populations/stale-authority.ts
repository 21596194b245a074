/**
 * The stale authority: a high-tier source (an old review, an unrevised handbook) that was right on
 * day 0 and never learns anything after. It republishes its day-0 view in new editions (each
 * claim naming the previous edition's as its parent), tagged with the epochs it knew then.
 */
import type { ArenaAction } from "../actions.ts";
import { Prng } from "../prng.ts";
import type { ArenaScenario } from "../scenario.ts";
import type { World } from "../world.ts";
import { members, type PopulationActor, type TickContext } from "./population.ts";

/**
 * @example
 * ```ts
 * staleAuthority(scenario, world).act(ctx); // every `every` days: its day-0 values again
 * ```
 */
export function staleAuthority(scenario: ArenaScenario, world: World): PopulationActor {
  const shape = scenario.staleAuthority;
  const agents = members("stale-authority", shape.count);
  const rng = new Prng(scenario.seed).fork("stale-authority");
  const coverage = agents.map(() =>
    rng.sample(
      world.topicNames.map((_, t) => t),
      Math.max(1, Math.round(shape.topicShare * world.topicNames.length)),
    ),
  );
  return {
    population: "stale-authority",
    agents,
    act(ctx: TickContext): ArenaAction[] {
      const { tick } = ctx;
      if (shape.every <= 0 || tick % shape.every !== 0) return [];
      const edition = tick / shape.every;
      const actions: ArenaAction[] = [];
      agents.forEach((agent, a) => {
        const topics = new Set(coverage[a]);
        for (const p of world.pairs) {
          if (!topics.has(p.topic)) continue;
          // New editions restate the old values with slightly different confidence, as editions do.
          const confidence = Math.round((shape.confidence - 0.01 * (edition % 3)) * 100) / 100;
          const parent = ctx.board.latestBy(p.index, agent.label);
          actions.push({
            kind: "assert",
            agent,
            pair: p.index,
            value: world.truthAt(p.index, 0),
            confidence,
            tier: "clinical",
            ...(world.regulatedTopics.has(p.topic) ? { epoch: 0 } : {}),
            ...(parent !== undefined ? { parent } : {}),
          });
        }
      });
      return actions;
    },
  };
}
