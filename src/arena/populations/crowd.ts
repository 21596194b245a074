/**
 * The noisy crowd: many community-tier writers, each claim right with probability `accuracy`
 * (they see the world as it is now, noise and all), no epochs (casual writers do not tag them),
 * and now and then a vote on a recent claim by what they see. Some believe the fabricated study
 * while it stands.
 */
import type { ArenaAction } from "../actions.ts";
import { Prng } from "../prng.ts";
import type { ArenaScenario } from "../scenario.ts";
import { studyLive } from "../study-plan.ts";
import type { World } from "../world.ts";
import { drawConfidence, members, type PopulationActor, type TickContext } from "./population.ts";

/**
 * @example
 * ```ts
 * crowd(scenario, world).act(ctx); // about count × writeChance claims a day
 * ```
 */
export function crowd(scenario: ArenaScenario, world: World): PopulationActor {
  const shape = scenario.crowd;
  const agents = members("crowd", shape.count);
  const root = new Prng(scenario.seed).fork("crowd");
  const rngs = agents.map((a) => root.fork(a.label));
  const voted = agents.map(() => new Set<string>());
  const observe = (rng: Prng, pair: number, tick: number): number => {
    const truth = world.truthAt(pair, tick);
    return rng.chance(shape.accuracy) ? truth : world.wrongValue(pair, truth, rng);
  };
  return {
    population: "crowd",
    agents,
    act(ctx: TickContext): ArenaAction[] {
      const { tick, board, study } = ctx;
      const actions: ArenaAction[] = [];
      agents.forEach((agent, i) => {
        const rng = rngs[i] as Prng;
        if (rng.chance(shape.writeChance)) {
          const believer = i < scenario.study.crowdBelievers && studyLive(study, tick) && rng.chance(0.5);
          if (believer) {
            const pair = rng.pick(study.pairs);
            actions.push({
              kind: "assert",
              agent,
              pair,
              value: study.values.get(pair) ?? 0,
              confidence: drawConfidence(rng, shape.confidence),
              tier: "community",
              citesStudy: true,
            });
          } else {
            const pair = rng.int(world.pairs.length);
            actions.push({
              kind: "assert",
              agent,
              pair,
              value: observe(rng, pair, tick),
              confidence: drawConfidence(rng, shape.confidence),
              tier: "community",
            });
          }
        }
        if (rng.chance(shape.voteChance)) {
          const pair = rng.int(world.pairs.length);
          const mine = voted[i] as Set<string>;
          const claims = board
            .recent(pair, tick - 1, 3)
            .filter((c) => c.author.label !== agent.label && !mine.has(c.hash));
          if (claims.length > 0) {
            const claim = rng.pick(claims);
            mine.add(claim.hash);
            actions.push({
              kind: "vote",
              agent,
              claim,
              weight: claim.value === observe(rng, pair, tick) ? 1 : 0,
            });
          }
        }
      });
      return actions;
    },
  };
}
