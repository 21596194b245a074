/**
 * The publisher of the fabricated study: registers it, states its false values citing it at the
 * observational tier, and retracts it (the journal withdraws it) on the planned day.
 */
import type { ArenaAction } from "../actions.ts";
import type { StudyPlan } from "../study-plan.ts";
import type { PopulationActor, TickContext } from "./population.ts";

const PUBLISHER = { label: "publisher-0", population: "publisher" } as const;

/**
 * @example
 * ```ts
 * publisher(plan).act(ctx); // on the day of publication: the source and its claims
 * ```
 */
export function publisher(plan: StudyPlan): PopulationActor {
  return {
    population: "publisher",
    agents: plan.pairs.length > 0 ? [PUBLISHER] : [],
    act(ctx: TickContext): ArenaAction[] {
      if (plan.pairs.length === 0) return [];
      if (ctx.tick === plan.retractedTick) return [{ kind: "retract-study", agent: PUBLISHER }];
      if (ctx.tick !== plan.registeredTick) return [];
      const actions: ArenaAction[] = [{ kind: "register-study", agent: PUBLISHER }];
      for (const pair of plan.pairs) {
        actions.push({
          kind: "assert",
          agent: PUBLISHER,
          pair,
          value: plan.values.get(pair) ?? 0,
          confidence: 0.85,
          tier: "observational",
          citesStudy: true,
        });
      }
      return actions;
    },
  };
}
