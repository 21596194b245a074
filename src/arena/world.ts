/**
 * The ground truth of an arena run: the (concept path, predicate) pairs, the values each could
 * take, and when each pair's true value changes, either in a paradigm shift a regulator announces
 * with a new epoch or in a drift nobody announces. Pure and deterministic from the scenario.
 */
import { Prng } from "./prng.ts";
import { tickAt, type ArenaScenario } from "./scenario.ts";

/** One (concept path, predicate) pair of the world. */
export interface ArenaPair {
  readonly index: number;
  readonly topic: number;
  readonly conceptPath: string;
  readonly predicate: string;
  /** The values the truth, and every claim about the pair, is drawn from. */
  readonly values: readonly number[];
}

/** A moment the truth of one pair changes. */
export interface TruthChange {
  readonly pair: number;
  readonly tick: number;
  readonly value: number;
  readonly kind: "announced" | "drift";
}

/** A paradigm shift: the regulator declares epoch `epoch` (1, 2, …) of `topic`, superseding the one before. */
export interface AnnouncedShift {
  readonly topic: number;
  readonly tick: number;
  readonly epoch: number;
}

const TOPICS = [
  "cardiology",
  "oncology",
  "nephrology",
  "hepatology",
  "neurology",
  "endocrinology",
  "pulmonology",
  "rheumatology",
  "hematology",
  "dermatology",
  "psychiatry",
  "urology",
];
const PREDICATES = [
  { name: "max_daily_dose_mg", base: 50 },
  { name: "half_life_hours", base: 6 },
  { name: "onset_minutes", base: 15 },
];
const SYLLABLES = ["al", "ver", "zo", "ti", "bra", "nex", "qui", "lor", "dan", "pe", "mu", "sor", "vi", "ca"];

/**
 * Names entities with pronounceable, clearly distinct words: claims about sibling entities must
 * not look alike to the Shield's near-duplicate screen, as they would not in a real knowledge base.
 */
function entityName(rng: Prng, taken: Set<string>): string {
  for (;;) {
    const name =
      rng.pick(SYLLABLES) + rng.pick(SYLLABLES) + rng.pick(SYLLABLES) + rng.pick(["ine", "ol", "ax", "um"]);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/**
 * The world of one scenario.
 *
 * @example
 * ```ts
 * const world = new World(scenarioNamed("default"));
 * world.truthAt(0, 0); // pair 0's true value on day 0
 * ```
 */
export class World {
  readonly pairs: readonly ArenaPair[];
  readonly topicNames: readonly string[];
  readonly shifts: readonly AnnouncedShift[];
  /** Topics whose paradigm the regulator publishes (epochs exist only for these). */
  readonly regulatedTopics: ReadonlySet<number>;
  readonly #initial: readonly number[];
  readonly #changes: readonly (readonly TruthChange[])[];

  constructor(scenario: ArenaScenario) {
    const { world } = scenario;
    const rng = new Prng(scenario.seed).fork("world");
    this.topicNames = Array.from({ length: world.topics }, (_, t) =>
      t < TOPICS.length ? (TOPICS[t] as string) : `topic-${t}`,
    );
    const taken = new Set<string>();
    const pairs: ArenaPair[] = [];
    for (let topic = 0; topic < world.topics; topic++) {
      for (let j = 0; j < world.pairsPerTopic; j++) {
        const predicate = PREDICATES[j % PREDICATES.length] ?? { name: "value", base: 1 };
        const scale = 1 + rng.int(4);
        pairs.push({
          index: pairs.length,
          topic,
          conceptPath: `arena/${this.topicNames[topic] ?? "topic"}/${entityName(rng, taken)}`,
          predicate: predicate.name,
          values: Array.from({ length: world.valuesPerPair }, (_, k) => predicate.base * scale * (k + 1)),
        });
      }
    }
    this.pairs = pairs;
    this.#initial = pairs.map((p) => rng.pick(p.values));

    const changes: TruthChange[][] = pairs.map(() => []);
    const shifts: AnnouncedShift[] = [];
    world.announcedShiftsAt.forEach((fraction, i) => {
      const topic = i % world.topics;
      const tick = Math.max(1, tickAt(scenario, fraction));
      shifts.push({ topic, tick, epoch: shifts.filter((s) => s.topic === topic).length + 1 });
      const members = pairs.filter((p) => p.topic === topic);
      // At least one pair changes, else the shift would be a paradigm change in name only.
      const forced = rng.int(members.length);
      members.forEach((p, k) => {
        if (k === forced || rng.chance(world.shiftedShare)) {
          const list = changes[p.index] as TruthChange[];
          list.push({
            pair: p.index,
            tick,
            value: this.#other(p, this.#valueBefore(p.index, list, tick), rng),
            kind: "announced",
          });
        }
      });
    });
    this.shifts = shifts;
    this.regulatedTopics = new Set(shifts.map((s) => s.topic));

    const drifting = rng.sample(pairs, Math.round(world.driftShare * pairs.length));
    const [from, to] = world.driftWindow.map((f) => Math.max(1, tickAt(scenario, f)));
    for (const p of drifting) {
      const list = changes[p.index] as TruthChange[];
      let tick = (from ?? 1) + rng.int(Math.max(1, (to ?? 1) - (from ?? 1) + 1));
      // Two changes on one day would hide the first: the drift moves to the next free day.
      while (list.some((c) => c.tick === tick)) tick += 1;
      if (tick >= world.ticks) continue;
      list.push({
        pair: p.index,
        tick,
        value: this.#other(p, this.#valueBefore(p.index, list, tick), rng),
        kind: "drift",
      });
      list.sort((a, b) => a.tick - b.tick);
      // A later change must still change something after the drift was slotted in before it.
      for (let k = 1; k < list.length; k++) {
        const prev = list[k - 1] as TruthChange;
        const cur = list[k] as TruthChange;
        if (cur.value === prev.value) list[k] = { ...cur, value: this.#other(p, prev.value, rng) };
      }
    }
    this.#changes = changes;
  }

  /** The true value of `pair` on day `tick`. */
  truthAt(pair: number, tick: number): number {
    let value = this.#initial[pair] ?? 0;
    for (const c of this.#changes[pair] ?? []) if (c.tick <= tick) value = c.value;
    return value;
  }

  /** Every change of `pair`'s truth, by day. */
  changesOf(pair: number): readonly TruthChange[] {
    return this.#changes[pair] ?? [];
  }

  /** Every change of every pair, by day then pair. */
  allChanges(): TruthChange[] {
    return this.#changes.flat().sort((a, b) => a.tick - b.tick || a.pair - b.pair);
  }

  /** The epoch number of `topic` in force on day `tick` (0 before its first shift). */
  epochAt(topic: number, tick: number): number {
    let epoch = 0;
    for (const s of this.shifts) if (s.topic === topic && s.tick <= tick) epoch = s.epoch;
    return epoch;
  }

  /** A value of `pair` other than `value`, drawn from `rng`. */
  wrongValue(pair: number, value: number, rng: Prng): number {
    return this.#other(this.pairs[pair] as ArenaPair, value, rng);
  }

  #other(p: ArenaPair, value: number, rng: Prng): number {
    return rng.pick(p.values.filter((v) => v !== value));
  }

  #valueBefore(pair: number, list: readonly TruthChange[], tick: number): number {
    let value = this.#initial[pair] ?? 0;
    for (const c of list) if (c.tick < tick) value = c.value;
    return value;
  }
}
