/** Every population of a scenario, in the order their actions are carried out each day. */
import type { ArenaScenario } from "../scenario.ts";
import type { StudyPlan } from "../study-plan.ts";
import type { World } from "../world.ts";
import { crowd } from "./crowd.ts";
import { experts } from "./experts.ts";
import type { PopulationActor } from "./population.ts";
import { publisher } from "./publisher.ts";
import { regulator } from "./regulator.ts";
import { ring } from "./ring.ts";
import { staleAuthority } from "./stale-authority.ts";
import { sybils } from "./sybils.ts";
import { trolls } from "./trolls.ts";

/**
 * The cast of a run. The regulator and the publisher come first: their epochs and source must exist
 * before the day's claims tag or cite them.
 *
 * @example
 * ```ts
 * const actions = cast(scenario, world, study).flatMap((p) => p.act(ctx));
 * ```
 */
export function cast(scenario: ArenaScenario, world: World, study: StudyPlan): PopulationActor[] {
  return [
    regulator(),
    publisher(study),
    staleAuthority(scenario, world),
    experts(scenario, world),
    crowd(scenario, world),
    trolls(scenario, world),
    sybils(scenario, world),
    ring(scenario, world),
  ];
}
