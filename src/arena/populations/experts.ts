/**
 * Careful experts: each follows a few topics, writes a couple of accurate, well-founded claims a
 * day at the clinical tier (each naming the expert's previous claim on the pair as its `parent`,
 * so that its newest claim says what it holds now), co-signs the claims of other experts it agrees with, and reviews recent
 * claims with votes (1: backed, 0: reviewed and not backed). They are slow: a change reaches an
 * expert days after it happens, sooner when a regulator announces it; once it does, the expert
 * corrects its claims on the pairs concerned that day.
 */
import type { AgentRef, ArenaAction } from "../actions.ts";
import type { BoardClaim } from "../board.ts";
import { Prng } from "../prng.ts";
import type { ArenaScenario, Range } from "../scenario.ts";
import { studyLive } from "../study-plan.ts";
import type { TruthChange, World } from "../world.ts";
import { drawConfidence, drawDays, members, type PopulationActor, type TickContext } from "./population.ts";

/** How many days back an expert looks for claims to co-sign or review. */
const REVIEW_DAYS = 4;

/**
 * @example
 * ```ts
 * experts(scenario, world).act(ctx); // claims, co-signatures and votes of every expert
 * ```
 */
export function experts(scenario: ArenaScenario, world: World): PopulationActor {
  const shape = scenario.experts;
  const agents = members("expert", shape.count);
  const root = new Prng(scenario.seed).fork("experts");
  const topicCount = world.topicNames.length;
  // Round-robin specialities: every topic is followed by about count × topicsEach / topics experts.
  const topicsOf = agents.map(
    (_, e) =>
      new Set(Array.from({ length: Math.min(shape.topicsEach, topicCount) }, (_, k) => (e + k) % topicCount)),
  );
  const rngs = agents.map((a) => root.fork(a.label));
  // An honest reviewer votes once on a claim; re-voting is what the ring does.
  const voted = agents.map(() => new Set<string>());
  const delays = new Map<string, number>();

  /** A delay in days drawn once per expert and event, from its own stream (so runs repeat). */
  const drawn = (key: string, range: Range): number => {
    let days = delays.get(key);
    if (days === undefined) {
      days = drawDays(root.fork(key), range);
      delays.set(key, days);
    }
    return days;
  };
  /** Days until expert `e` hears of the shift of `topic` on day `tick`: one delay for the whole topic. */
  const shiftDelay = (e: number, topic: number, tick: number): number =>
    drawn(`${e}:t${topic}:${tick}`, shape.announcedDelay);

  /** Days until expert `e` learns of `change`. */
  const delayOf = (e: number, change: TruthChange): number =>
    change.kind === "announced"
      ? shiftDelay(e, world.pairs[change.pair]?.topic ?? 0, change.tick)
      : drawn(`${e}:p${change.pair}:${change.tick}`, shape.driftDelay);

  /** What expert `e` believes `pair`'s value is on day `tick`: the latest change it has learned of. */
  const belief = (e: number, pair: number, tick: number): number => {
    let value = world.truthAt(pair, 0);
    for (const c of world.changesOf(pair)) if (c.tick + delayOf(e, c) <= tick) value = c.value;
    return value;
  };

  /** The epoch of `topic` expert `e` knows of on day `tick`: it learns of it with the shift itself. */
  const knownEpoch = (e: number, topic: number, tick: number): number => {
    let epoch = 0;
    for (const s of world.shifts)
      if (s.topic === topic && s.tick + shiftDelay(e, topic, s.tick) <= tick) epoch = s.epoch;
    return epoch;
  };

  return {
    population: "expert",
    agents,
    act(ctx: TickContext): ArenaAction[] {
      const { tick, board, study } = ctx;
      const actions: ArenaAction[] = [];
      agents.forEach((agent, e) => {
        const rng = rngs[e] as Prng;
        const topics = topicsOf[e] as Set<number>;
        const followed = world.pairs.filter((p) => topics.has(p.topic)).map((p) => p.index);
        const believesStudy = e < scenario.study.expertBelievers && studyLive(study, tick);
        // A careful expert corrects at once every claim of its own it has learned is out of date
        // (or that it stated wrongly), then writes its routine claims on other pairs.
        const outdated = followed.filter((pair) => {
          const own = board.latestBy(pair, agent.label);
          return own !== undefined && !own.citesStudy && own.value !== belief(e, pair, tick);
        });
        const routine = rng.sample(
          followed.filter((pair) => !outdated.includes(pair)),
          shape.claimsPerTick,
        );
        const pairs = [...outdated, ...routine];
        for (let k = 0; k < pairs.length; k++) {
          if (believesStudy && k === outdated.length) {
            const pair = rng.pick(study.pairs);
            const parent = board.latestBy(pair, agent.label);
            actions.push({
              kind: "assert",
              agent,
              pair,
              value: study.values.get(pair) ?? 0,
              confidence: drawConfidence(rng, shape.confidence),
              tier: "observational",
              citesStudy: true,
              ...(parent !== undefined ? { parent } : {}),
            });
            continue;
          }
          const pair = pairs[k] as number;
          const parent = board.latestBy(pair, agent.label);
          const topic = world.pairs[pair]?.topic ?? 0;
          const believed = belief(e, pair, tick);
          const value = rng.chance(shape.accuracy) ? believed : world.wrongValue(pair, believed, rng);
          actions.push({
            kind: "assert",
            agent,
            pair,
            value,
            confidence: drawConfidence(rng, shape.confidence),
            tier: "clinical",
            ...(world.regulatedTopics.has(topic) ? { epoch: knownEpoch(e, topic, tick) } : {}),
            ...(parent !== undefined ? { parent } : {}),
          });
        }
        const seen = followed.flatMap((pair) => board.recent(pair, tick - 1, REVIEW_DAYS));
        const others = seen.filter((c) => c.author.label !== agent.label);
        const agreeing = (c: BoardClaim): boolean => c.value === belief(e, c.pair, tick);
        const cosignable = others.filter(
          (c) => c.author.population === "expert" && !c.signers.has(agent.label) && agreeing(c),
        );
        for (const claim of rng.sample(cosignable, shape.cosignsPerTick)) {
          actions.push({ kind: "cosign", agent, claim });
        }
        const mine = voted[e] as Set<string>;
        for (const claim of rng.sample(
          others.filter((c) => !mine.has(c.hash)),
          shape.votesPerTick,
        )) {
          mine.add(claim.hash);
          actions.push({ kind: "vote", agent, claim, weight: agreeing(claim) ? 1 : 0 });
        }
      });
      return actions;
    },
  };
}

/** The experts' agents, for callers that need to name one (forged co-signatures name an expert). */
export function expertAgents(scenario: ArenaScenario): AgentRef[] {
  return members("expert", scenario.experts.count);
}
