/**
 * Trolls: long-lived agents stating confident contradictions on any pair, each with a pet wrong
 * value per pair, voting for each other and against what contradicts them. Naive trolls repeat
 * themselves word for word, sometimes claim a tier above their cap and try to pass claims off as
 * co-signed by an expert (a forged signature); evasive ones do none of that.
 */
import type { AgentRef, ArenaAction } from "../actions.ts";
import { Prng } from "../prng.ts";
import type { ArenaScenario } from "../scenario.ts";
import type { World } from "../world.ts";
import { expertAgents } from "./experts.ts";
import { drawConfidence, members, type PopulationActor, type TickContext } from "./population.ts";

/**
 * @example
 * ```ts
 * trolls(scenario, world).act(ctx); // count × claimsPerTick confident false claims a day
 * ```
 */
export function trolls(scenario: ArenaScenario, world: World): PopulationActor {
  const shape = scenario.trolls;
  const agents = members("troll", shape.count);
  const root = new Prng(scenario.seed).fork("trolls");
  const rngs = agents.map((a) => root.fork(a.label));
  const pets = agents.map(() => new Map<number, number>());
  const voted = agents.map(() => new Set<string>());
  const victims: AgentRef[] = expertAgents(scenario);
  const labels = new Set(agents.map((a) => a.label));

  /** The troll's wrong value for `pair` today: its pet value, changed when the truth catches up with it. */
  const pet = (t: number, pair: number, tick: number): number => {
    const mine = pets[t] as Map<number, number>;
    const truth = world.truthAt(pair, tick);
    let value = mine.get(pair);
    if (value === undefined || value === truth) {
      value = world.wrongValue(pair, truth, rngs[t] as Prng);
      mine.set(pair, value);
    }
    return value;
  };

  return {
    population: "troll",
    agents,
    act(ctx: TickContext): ArenaAction[] {
      const { tick, board } = ctx;
      const actions: ArenaAction[] = [];
      agents.forEach((agent, t) => {
        const rng = rngs[t] as Prng;
        const forgeToday = !shape.evasive && victims.length > 0 && rng.chance(shape.forgeryChance);
        for (let k = 0; k < shape.claimsPerTick; k++) {
          const pair = rng.int(world.pairs.length);
          const topic = world.pairs[pair]?.topic ?? 0;
          const overreach = !shape.evasive && rng.chance(shape.overreachChance);
          actions.push({
            kind: "assert",
            agent,
            pair,
            value: pet(t, pair, tick),
            // Naive trolls always claim the top of their range: the same text again is a near-duplicate.
            confidence: shape.evasive ? drawConfidence(rng, shape.confidence) : shape.confidence[1],
            tier: overreach ? "clinical" : "community",
            ...(world.regulatedTopics.has(topic) ? { epoch: world.epochAt(topic, tick) } : {}),
            ...(forgeToday && k === 0 ? { forgedCosigner: rng.pick(victims) } : {}),
          });
        }
        const mine = voted[t] as Set<string>;
        const seen = Array.from({ length: 4 }, () => rng.int(world.pairs.length)).flatMap((pair) =>
          board.recent(pair, tick - 1, 3),
        );
        const reviewable = seen.filter((c) => c.author.label !== agent.label && !mine.has(c.hash));
        for (const claim of rng.sample(reviewable, shape.votesPerTick)) {
          mine.add(claim.hash);
          const ally = labels.has(claim.author.label) || claim.value === pet(t, claim.pair, tick);
          actions.push({ kind: "vote", agent, claim, weight: ally ? 1 : 0 });
        }
      });
      return actions;
    },
  };
}
