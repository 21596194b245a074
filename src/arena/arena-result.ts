/** What one arena run measured, as the reports and the JSON file carry it. */
import type { LensName } from "../client/index.ts";
import type { Population } from "./actions.ts";
import type { DisputeFlags } from "./dispute-flags.ts";
import type { ArenaScenario } from "./scenario.ts";
import type { PopulationTally } from "./shield-tally.ts";

/** How a view recovered from the truth changes of the run. */
export interface RecoverySummary {
  readonly changes: number;
  readonly recovered: number;
  /** Over the recovered changes; NaN when none recovered. */
  readonly medianDays: number;
  readonly maxDays: number;
  readonly medianWrites: number;
  readonly maxWrites: number;
}

/** The scores of one view. */
export interface ViewResult {
  readonly id: string;
  readonly lens: LensName;
  readonly epochAware: boolean;
  /** Right answers over all pair-days. */
  readonly accuracy: number;
  /** Over the pair-days the sybil swarm attacked (its targets from its first day on). */
  readonly accuracyUnderAttack: number;
  readonly accuracyDisputed: number;
  readonly accuracyCalm: number;
  readonly brier: number;
  readonly recovery: RecoverySummary;
  readonly announcedRecovery: RecoverySummary;
  readonly driftRecovery: RecoverySummary;
  readonly flags: DisputeFlags;
  /** Accuracy of each day. */
  readonly series: readonly number[];
}

/** Days worth marking on the chart. */
export interface ArenaEvents {
  readonly shifts: readonly number[];
  readonly drifts: readonly number[];
  readonly sybilStart: number | null;
  readonly studyRegistered: number | null;
  readonly studyRetracted: number | null;
}

/** The whole result of a run. */
export interface ArenaResult {
  readonly scenario: ArenaScenario;
  readonly quick: boolean;
  readonly pairs: number;
  readonly views: readonly ViewResult[];
  /** The view with the highest accuracy. */
  readonly best: string;
  readonly shield: Readonly<Partial<Record<Population, PopulationTally>>>;
  /** Claims sent by sybils and trolls over all claims sent; and by every adversarial population. */
  readonly adversarialShare: { readonly sybilsAndTrolls: number; readonly all: number };
  /** Mean trust of each population's agents at the end of the run (sybils: a sample of keys). */
  readonly trust: Readonly<Partial<Record<Population, number>>>;
  /** The server's own counters at the end (`/metrics`): refusals and holds by reason. */
  readonly serverCounters: Readonly<Record<string, number>>;
  readonly events: ArenaEvents;
  readonly queries: number;
  readonly seconds: number;
}
