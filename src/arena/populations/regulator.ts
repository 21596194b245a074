/**
 * The regulator: publishes the paradigm of each regulated topic as an epoch with a claim for
 * every pair of the topic, at the start and at each announced shift. Always right, never early,
 * and silent about drifts it was not told of.
 */
import type { ArenaAction } from "../actions.ts";
import type { BoardClaim } from "../board.ts";
import type { PopulationActor, TickContext } from "./population.ts";

const REGULATOR = { label: "regulator-0", population: "regulator" } as const;
const CONFIDENCE = 0.95;

function parentOf(ctx: TickContext, pair: number): { parent?: BoardClaim } {
  const parent = ctx.board.latestBy(pair, REGULATOR.label);
  return parent === undefined ? {} : { parent };
}

/**
 * @example
 * ```ts
 * regulator().act(ctx); // on day 0: one epoch and the claims of each regulated topic
 * ```
 */
export function regulator(): PopulationActor {
  return {
    population: "regulator",
    agents: [REGULATOR],
    act(ctx: TickContext): ArenaAction[] {
      const { world, tick } = ctx;
      const publishing: { topic: number; epoch: number }[] = [];
      if (tick === 0)
        for (const topic of [...world.regulatedTopics].sort((a, b) => a - b))
          publishing.push({ topic, epoch: 0 });
      for (const s of world.shifts) if (s.tick === tick) publishing.push({ topic: s.topic, epoch: s.epoch });
      const actions: ArenaAction[] = [];
      for (const { topic, epoch } of publishing) {
        actions.push({ kind: "epoch", agent: REGULATOR, topic, epoch });
        for (const p of world.pairs) {
          if (p.topic !== topic) continue;
          actions.push({
            kind: "assert",
            agent: REGULATOR,
            pair: p.index,
            value: world.truthAt(p.index, tick),
            confidence: CONFIDENCE,
            tier: "regulatory",
            epoch,
            // A new guideline corrects the old one: its claims name the old claims as parents.
            ...parentOf(ctx, p.index),
          });
        }
      }
      return actions;
    },
  };
}
