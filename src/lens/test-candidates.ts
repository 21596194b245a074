/**
 * Builders for lens tests (test support only; not re-exported by `index.ts`): `cand` makes a
 * `Candidate` from the few fields a case cares about, `candidatesArb` makes random candidate sets
 * dense in ties, shared values and repeated agents for the property tests.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import type { Assertion, Tier, Value } from "../model/assertion.ts";
import type { Candidate, CandidateVote } from "./candidate.ts";

/** A text value. */
export const text = (value: string): Value => ({ type: "text", value });
/** A number value. */
export const num = (value: number): Value => ({ type: "number", value });

/** A 64-hex hash derived from a label, so cases can name their claims. */
export function hashOf(label: string): string {
  return createHash("sha256").update(label).digest("hex");
}

/** The fields a test may set; everything else gets a neutral default. */
export interface CandidateSpec {
  /** Names the claim: its hash is `hashOf(id)` unless `hash` is given. */
  readonly id: string;
  readonly value?: Value | string;
  readonly tier?: Tier;
  readonly confidence?: number;
  /** Defaults to `confidence` (decay off). */
  readonly effective?: number;
  readonly timestampMs?: number;
  readonly agent?: string;
  readonly trust?: number;
  readonly signers?: number;
  readonly votes?: readonly CandidateVote[];
  readonly hash?: string;
  /** The hash of the claim this one corrects. */
  readonly parent?: string;
}

/** A `Candidate` for a test: tier 5, confidence 0.5, time 1_700_000_000_000, agent `agent-<id>` by default. */
export function cand(spec: CandidateSpec): Candidate {
  const confidence = spec.confidence ?? 0.5;
  const value = typeof spec.value === "string" ? text(spec.value) : (spec.value ?? text("x"));
  const assertion: Assertion = {
    conceptPath: "drugs/semaglutide",
    predicate: "gastroparesis_risk",
    value,
    confidence,
    authorityTier: spec.tier ?? 5,
    lifecycle: "proposed",
    timestampMs: spec.timestampMs ?? 1_700_000_000_000,
    hash: spec.hash ?? hashOf(spec.id),
    signatures: [],
    agentId: spec.agent ?? `agent-${spec.id}`,
    ...(spec.parent !== undefined ? { parent: spec.parent } : {}),
  };
  return {
    assertion,
    effectiveConfidence: spec.effective ?? confidence,
    authorTrust: spec.trust ?? 0.5,
    signerCount: spec.signers ?? 0,
    votes: spec.votes ?? [],
  };
}

/** `n` claims of the same value, each by its own agent, ids `<prefix>-0` … */
export function crowd(prefix: string, n: number, spec: Omit<CandidateSpec, "id" | "agent">): Candidate[] {
  return Array.from({ length: n }, (_, i) =>
    cand({ ...spec, id: `${prefix}-${i}`, agent: `${prefix}-agent-${i}` }),
  );
}

/** Hashes of candidates, for comparing rankings. */
export const hashes = (candidates: readonly Candidate[]): string[] => candidates.map((c) => c.assertion.hash);

const voteArb: fc.Arbitrary<CandidateVote> = fc.record({
  agentId: fc.constantFrom("v1", "v2", "v3"),
  weight: fc.constantFrom(0, 0.25, 0.5, 1),
  voterTrust: fc.constantFrom(0, 0.5, 1),
});

/** One random candidate with a unique hash from `id`; small pools make ties and shared values common. */
const candidateArb = (id: number): fc.Arbitrary<Candidate> =>
  fc
    .record({
      value: fc.constantFrom<Value>(text("a"), text("b"), num(1), text("1"), {
        type: "boolean",
        value: true,
      }),
      tier: fc.constantFrom<Tier>(0, 1, 2, 3, 4, 5),
      confidence: fc.constantFrom(0, 0.3, 0.5, 0.8, 1),
      decay: fc.constantFrom(1, 0.5, 0),
      timestampMs: fc.constantFrom(1_000, 2_000, 3_000),
      agent: fc.constantFrom("ann", "bob", "cy", "dee"),
      trust: fc.constantFrom(0, 0.5, 0.9),
      signers: fc.integer({ min: 0, max: 10 }),
      votes: fc.array(voteArb, { maxLength: 3 }),
    })
    .map((r) =>
      cand({
        id: `c${id}`,
        value: r.value,
        tier: r.tier,
        confidence: r.confidence,
        effective: r.confidence * r.decay,
        timestampMs: r.timestampMs,
        agent: r.agent,
        trust: r.trust,
        signers: r.signers,
        votes: r.votes,
      }),
    );

/** 0–12 random candidates with distinct hashes. */
export const candidatesArb: fc.Arbitrary<Candidate[]> = fc
  .integer({ min: 0, max: 12 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => candidateArb(i))));
