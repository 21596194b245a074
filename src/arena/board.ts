/**
 * What the agents of the arena can see: every claim the server stored and shows, as a read would
 * return it. Agents decide their co-signatures and votes from it instead of querying the server
 * once per decision, which would cost a query for information the runner already has.
 */
import type { AssertionInput } from "../client/index.ts";
import { ADVERSARIAL, type AgentRef } from "./actions.ts";

/** A stored, visible claim. */
export interface BoardClaim {
  readonly hash: string;
  readonly pair: number;
  readonly value: number;
  readonly author: AgentRef;
  readonly tick: number;
  readonly citesStudy: boolean;
  /** The signed claim as sent, so that others can co-sign the same content. */
  readonly input: AssertionInput;
  /** Labels of everyone whose signature the claim carries, the author first. */
  readonly signers: Set<string>;
}

/**
 * The visible claims, by pair, and how many were written to each pair each day.
 *
 * @example
 * ```ts
 * board.recent(pair, tick, 3); // claims on `pair` from the last three days, newest first
 * ```
 */
export class Board {
  readonly #byPair: BoardClaim[][];
  readonly #writes: number[][];
  readonly #disputing: number[][];
  #studyRetracted = false;

  constructor(pairs: number, ticks: number) {
    this.#byPair = Array.from({ length: pairs }, () => []);
    this.#writes = Array.from({ length: ticks }, () => Array.from({ length: pairs }, () => 0));
    this.#disputing = Array.from({ length: ticks }, () => Array.from({ length: pairs }, () => 0));
  }

  /** Records a claim the server stored and shows. */
  add(claim: BoardClaim): void {
    this.#byPair[claim.pair]?.push(claim);
    const day = this.#writes[claim.tick];
    if (day !== undefined) day[claim.pair] = (day[claim.pair] ?? 0) + 1;
    const disputing = this.#disputing[claim.tick];
    if (disputing !== undefined && (ADVERSARIAL.has(claim.author.population) || claim.citesStudy))
      disputing[claim.pair] = (disputing[claim.pair] ?? 0) + 1;
  }

  /** From now on claims citing the study are hidden, as the server hides them. */
  retractStudy(): void {
    this.#studyRetracted = true;
  }

  /** Visible claims on `pair` written in the `days` days up to and including `tick`, newest first. */
  recent(pair: number, tick: number, days: number): BoardClaim[] {
    const out: BoardClaim[] = [];
    const claims = this.#byPair[pair] ?? [];
    for (let i = claims.length - 1; i >= 0; i--) {
      const c = claims[i] as BoardClaim;
      if (c.tick <= tick - days) break;
      if (c.tick <= tick && !(this.#studyRetracted && c.citesStudy)) out.push(c);
    }
    return out;
  }

  /** Claims stored on `pair` on day `tick` by adversaries or citing the study: the pair was disputed. */
  disputingOn(pair: number, tick: number): number {
    return this.#disputing[tick]?.[pair] ?? 0;
  }

  /** The newest visible claim by agent `label` on `pair`, if any. */
  latestBy(pair: number, label: string): BoardClaim | undefined {
    const claims = this.#byPair[pair] ?? [];
    for (let i = claims.length - 1; i >= 0; i--) {
      const c = claims[i] as BoardClaim;
      if (c.author.label === label && !(this.#studyRetracted && c.citesStudy)) return c;
    }
    return undefined;
  }

  /** Visible claims stored on `pair` on day `tick`. */
  writesOn(pair: number, tick: number): number {
    return this.#writes[tick]?.[pair] ?? 0;
  }
}
