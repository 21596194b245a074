/**
 * What every population of the arena implements: each day, from what it can see, the actions of
 * its members. Populations hold their members' state (keys' labels, beliefs, random streams).
 */
import type { AgentRef, ArenaAction, Population } from "../actions.ts";
import type { Board } from "../board.ts";
import type { Prng } from "../prng.ts";
import type { Range } from "../scenario.ts";
import type { StudyPlan } from "../study-plan.ts";
import type { World } from "../world.ts";

/** What a population sees on day `tick`. */
export interface TickContext {
  readonly tick: number;
  readonly world: World;
  readonly board: Board;
  readonly study: StudyPlan;
}

/** One population. */
export interface PopulationActor {
  readonly population: Population;
  /** Its long-lived agents, whose trust the report shows (sybils: none, their keys are throwaway). */
  readonly agents: readonly AgentRef[];
  /** The actions of every member on day `ctx.tick`, in a fixed order. */
  act(ctx: TickContext): ArenaAction[];
}

/** A confidence drawn from `range`, to two decimals as agents state it. */
export function drawConfidence(rng: Prng, range: Range): number {
  return Math.round(rng.between(range[0], range[1]) * 100) / 100;
}

/** A whole number of days drawn from `range`, both ends included. */
export function drawDays(rng: Prng, range: Range): number {
  return range[0] + rng.int(Math.max(1, range[1] - range[0] + 1));
}

/** The agents `population-0` … `population-(count−1)`. */
export function members(population: Population, count: number): AgentRef[] {
  return Array.from({ length: count }, (_, i) => ({ label: `${population}-${i}`, population }));
}
