/**
 * The colluding ring: a few stable agents that write true claims for cover and false ones on their
 * target pairs, and vote for each other's claims every day, the same claims again and again.
 */
import type { ArenaAction } from "../actions.ts";
import { Prng } from "../prng.ts";
import type { ArenaScenario } from "../scenario.ts";
import type { World } from "../world.ts";
import { drawConfidence, members, type PopulationActor, type TickContext } from "./population.ts";

/** How far back members look for each other's claims to vote for. */
const VOTE_DAYS = 10;

/**
 * @example
 * ```ts
 * ring(scenario, world).act(ctx); // claims, and votes for the ring's claims of the last ten days
 * ```
 */
export function ring(scenario: ArenaScenario, world: World): PopulationActor {
  const shape = scenario.ring;
  const agents = members("ring", shape.count);
  const root = new Prng(scenario.seed).fork("ring");
  const rngs = agents.map((a) => root.fork(a.label));
  const targets = shape.count === 0 ? [] : root.sample(world.pairs, shape.targets).map((p) => p.index);
  const falseValue = new Map<number, number>();
  const labels = new Set(agents.map((a) => a.label));
  const pushed = (pair: number, tick: number): number => {
    const truth = world.truthAt(pair, tick);
    let value = falseValue.get(pair);
    if (value === undefined || value === truth) {
      value = world.wrongValue(pair, truth, root);
      falseValue.set(pair, value);
    }
    return value;
  };
  return {
    population: "ring",
    agents,
    act(ctx: TickContext): ArenaAction[] {
      const { tick, board } = ctx;
      const actions: ArenaAction[] = [];
      agents.forEach((agent, i) => {
        const rng = rngs[i] as Prng;
        for (let k = 0; k < shape.claimsPerTick; k++) {
          const onTarget = targets.length > 0 && rng.chance(shape.targetChance);
          const pair = onTarget ? rng.pick(targets) : rng.int(world.pairs.length);
          const topic = world.pairs[pair]?.topic ?? 0;
          actions.push({
            kind: "assert",
            agent,
            pair,
            value: onTarget ? pushed(pair, tick) : world.truthAt(pair, tick),
            confidence: shape.evasive ? drawConfidence(rng, [0.85, 0.95]) : 0.9,
            tier: "community",
            ...(world.regulatedTopics.has(topic) ? { epoch: world.epochAt(topic, tick) } : {}),
          });
        }
      });
      // Every member backs the others' recent claims, again every day.
      const ours = world.pairs
        .flatMap((p) => board.recent(p.index, tick - 1, VOTE_DAYS))
        .filter((c) => labels.has(c.author.label));
      agents.forEach((agent, i) => {
        const rng = rngs[i] as Prng;
        const others = ours.filter((c) => c.author.label !== agent.label);
        for (const claim of rng.sample(others, shape.votesPerTick))
          actions.push({ kind: "vote", agent, claim, weight: 1 });
      });
      return actions;
    },
  };
}
