/**
 * The sybil swarm: one operator with endless fresh keys. From its start day it pushes one false
 * value on each target pair, every claim from a new key, co-signed and voted for by more new keys.
 * A naive swarm cycles through a small pool of keys instead, so its keys repeat their own claims.
 */
import type { AgentRef, ArenaAction } from "../actions.ts";
import { Prng } from "../prng.ts";
import { tickAt, type ArenaScenario } from "../scenario.ts";
import type { World } from "../world.ts";
import { drawConfidence, type PopulationActor, type TickContext } from "./population.ts";

/**
 * @example
 * ```ts
 * sybils(scenario, world).act(ctx); // claimsPerTick claims a day, each with its co-signers and voters
 * ```
 */
export function sybils(scenario: ArenaScenario, world: World): PopulationActor {
  const shape = scenario.sybils;
  const rng = new Prng(scenario.seed).fork("sybils");
  const startTick = tickAt(scenario, shape.startAt);
  const targets = rng
    .sample(world.pairs, Math.round(shape.targetShare * world.pairs.length))
    .map((p) => p.index)
    .sort((a, b) => a - b);
  const campaign = new Map<number, number>();
  let nextKey = 0;
  const key = (): AgentRef => {
    const index = shape.evasive ? nextKey : nextKey % Math.max(1, shape.keyPool);
    nextKey += 1;
    return { label: `sybil-${index}`, population: "sybil" };
  };
  /** The value pushed on `pair`: fixed, unless the truth moves onto it (then another false one). */
  const pushed = (pair: number, tick: number): number => {
    const truth = world.truthAt(pair, tick);
    let value = campaign.get(pair);
    if (value === undefined || value === truth) {
      value = world.wrongValue(pair, truth, rng);
      campaign.set(pair, value);
    }
    return value;
  };
  return {
    population: "sybil",
    agents: [],
    act(ctx: TickContext): ArenaAction[] {
      const { tick, board } = ctx;
      if (tick < startTick || targets.length === 0) return [];
      const actions: ArenaAction[] = [];
      for (let k = 0; k < shape.claimsPerTick; k++) {
        const pair = rng.pick(targets);
        const topic = world.pairs[pair]?.topic ?? 0;
        actions.push({
          kind: "assert",
          agent: key(),
          pair,
          value: pushed(pair, tick),
          confidence: shape.evasive ? drawConfidence(rng, shape.confidence) : shape.confidence[1],
          tier: "community",
          ...(world.regulatedTopics.has(topic) ? { epoch: world.epochAt(topic, tick) } : {}),
        });
      }
      // Yesterday's swarm claims get their co-signers and votes, from keys just as fresh.
      const yesterday = targets
        .flatMap((pair) => board.recent(pair, tick - 1, 1))
        .filter((c) => c.author.population === "sybil");
      for (const claim of yesterday) {
        for (let c = 0; c < shape.cosigners; c++) actions.push({ kind: "cosign", agent: key(), claim });
        for (let v = 0; v < shape.voters; v++) actions.push({ kind: "vote", agent: key(), claim, weight: 1 });
      }
      return actions;
    },
  };
}

/** The pairs the swarm of `scenario` attacks (the same draw as `sybils`). */
export function sybilTargets(scenario: ArenaScenario, world: World): number[] {
  const rng = new Prng(scenario.seed).fork("sybils");
  return rng
    .sample(world.pairs, Math.round(scenario.sybils.targetShare * world.pairs.length))
    .map((p) => p.index)
    .sort((a, b) => a - b);
}
