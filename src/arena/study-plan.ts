/**
 * The fabricated study: which pairs it makes claims about, the false value it gives each, and
 * when it is published and retracted.
 */
import { Prng } from "./prng.ts";
import { tickAt, type ArenaScenario } from "./scenario.ts";
import type { World } from "./world.ts";

/** The study of one run. */
export interface StudyPlan {
  /** The pairs it reports on (no study at all when empty). */
  readonly pairs: readonly number[];
  /** Its value for each of them, false when it is published. */
  readonly values: ReadonlyMap<number, number>;
  readonly registeredTick: number;
  readonly retractedTick: number;
}

/**
 * Plans the study: `study.pairs` pairs outside the regulated topics (a regulator would have
 * caught it), each with a value that is wrong on the day it is published.
 */
export function planStudy(scenario: ArenaScenario, world: World): StudyPlan {
  const rng = new Prng(scenario.seed).fork("study");
  const registeredTick = tickAt(scenario, scenario.study.registeredAt);
  const retractedTick = Math.max(registeredTick + 1, tickAt(scenario, scenario.study.retractedAt));
  const eligible = world.pairs.filter((p) => !world.regulatedTopics.has(p.topic));
  const pairs = rng.sample(eligible, scenario.study.pairs).map((p) => p.index);
  const values = new Map(pairs.map((p) => [p, world.wrongValue(p, world.truthAt(p, registeredTick), rng)]));
  return { pairs, values, registeredTick, retractedTick };
}

/** Whether the study is published and not yet retracted on day `tick`. */
export function studyLive(plan: StudyPlan, tick: number): boolean {
  return plan.pairs.length > 0 && tick >= plan.registeredTick && tick < plan.retractedTick;
}
