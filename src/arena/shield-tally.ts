/**
 * What the Shield did to each population's writes: stored, held in quarantine (by reason),
 * refused (by error code), and every 429 the server answered, retried ones included.
 */
import type { Population } from "./actions.ts";

/** The kinds of write an agent makes. */
export type WriteKind = "assert" | "cosign" | "vote" | "record";

/** How one write ended: `created`, `exists`, `cosigned`, `quarantined:<reason>` or `refused:<code>`. */
export type WriteOutcome = "created" | "exists" | "cosigned" | `quarantined:${string}` | `refused:${string}`;

/** The counts of one population. */
export interface PopulationTally {
  /** Writes sent, by kind. */
  readonly sent: Record<WriteKind, number>;
  /** Outcomes of its claims (kind `assert`) and of all its writes, by outcome. */
  readonly claims: Record<string, number>;
  readonly all: Record<string, number>;
  /** 429 answers by code (`rate_limited`, `quota_exceeded`, `circuit_open`), retried ones included. */
  readonly tooManyRequests: Record<string, number>;
}

/**
 * Counts per population.
 *
 * @example
 * ```ts
 * tally.record("sybil", "assert", "quarantined:near_duplicate");
 * tally.of("sybil").claims["quarantined:near_duplicate"]; // 1
 * ```
 */
export class ShieldTally {
  readonly #by = new Map<Population, PopulationTally>();

  record(population: Population, kind: WriteKind, outcome: WriteOutcome): void {
    const t = this.of(population);
    t.sent[kind] += 1;
    bump(t.all, outcome);
    if (kind === "assert") bump(t.claims, outcome);
  }

  /** Counts a 429 the server answered (the client may retry it). */
  tooManyRequests(population: Population, code: string): void {
    bump(this.of(population).tooManyRequests, code);
  }

  of(population: Population): PopulationTally {
    let t = this.#by.get(population);
    if (t === undefined) {
      t = { sent: { assert: 0, cosign: 0, vote: 0, record: 0 }, claims: {}, all: {}, tooManyRequests: {} };
      this.#by.set(population, t);
    }
    return t;
  }

  /** Every population that wrote, in first-seen order. */
  populations(): Population[] {
    return [...this.#by.keys()];
  }
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
