import { normalizeAssertion, type Assertion } from "../../src/model/index.ts";
import { loadConfig } from "../../src/ops/config.ts";
import type { RunningServer } from "../../src/ops/serve.ts";
import { claimText } from "../../src/shield/claim-text.ts";
import { DEFAULT_CONTENT_DEFENSE } from "../../src/shield/content-defense.ts";
import { LshIndex } from "../../src/shield/lsh-index.ts";
import { minHash } from "../../src/shield/min-hash.ts";
import { qualityScore, scoreBelow } from "../../src/shield/quality-score.ts";
import { sightingKey } from "../../src/shield/value-sightings.ts";
import { quotaHeaders, Shield } from "../../src/shield/shield.ts";
import { mulberry32 } from "../ingest/prng.ts";
import { formatCount } from "../ingest/table.ts";
import { claimBody } from "./claim-bodies.ts";
import { BENCH_AGENT, settingEnv, type ShieldSetting } from "./shield-settings.ts";

/** When a step runs: once per request, or once per assertion a write carries. */
export type StepScope = "request" | "write request" | "assertion";

/** The CPU time of one Shield decision, in µs per call, with every protection off and on. */
export interface StepTiming {
  readonly step: string;
  readonly scope: StepScope;
  readonly offUs: number;
  readonly onUs: number;
  /** A part of the step above it, timed on its own (on only). */
  readonly part?: true;
}

export interface ShieldSteps {
  /** Calls a repetition of a cheap step makes; the report keeps the fastest of `REPEATS`. */
  readonly calls: number;
  /** Distinct claims the content defense was timed on, in one pass. */
  readonly claims: number;
  readonly steps: readonly StepTiming[];
}

/** How much to time: calls per repetition of a cheap step, and distinct claims. */
export interface StepCounts {
  readonly calls: number;
  readonly claims: number;
}

const WARM_UP_CALLS = 2_000;
// A batch's worth: the write route screens a request's claims, appends them, then remembers them.
const DEFENSE_CHUNK = 1_000;
// The fastest of a few repetitions: on a busy machine a slower one measured someone else's work.
const REPEATS = 5;
const CLIENT_IP = "127.0.0.1";

/**
 * Times the Shield's decisions in process, as the hooks and the write route make them for one
 * request (`src/api/shield-hooks.ts`, `routes/writes.ts`), with two `Shield`s of the benchmark's
 * off and on configurations over the state of `server` (a server of the "on" setting, which holds
 * the API key of `authorization`). The content defense runs over `counts.claims` distinct claims
 * of the workload on fresh Shields, so its near-duplicate window fills up as in a run, screening
 * and remembering in the route's order; its parts are then timed alone with the functions it calls.
 */
export async function measureShieldSteps(
  server: RunningServer,
  authorization: string,
  counts: StepCounts,
): Promise<ShieldSteps> {
  const { calls } = counts;
  const claims = workloadClaims(counts.claims + WARM_UP_CALLS);
  const shields = {
    off: shieldOf(server, "off"),
    on: shieldOf(server, "on"),
  } satisfies Record<ShieldSetting, Shield>;
  const nowMs = Date.now();
  const steps: StepTiming[] = [];
  const both = (
    step: string,
    scope: StepScope,
    call: (shield: Shield, setting: ShieldSetting) => void,
  ): void => {
    const [offUs, onUs] = (["off", "on"] as const).map((setting) => {
      const shield = shields[setting];
      return timePerCall(calls, () => {
        call(shield, setting);
      });
    }) as [number, number];
    steps.push({ step, scope, offUs, onUs });
  };
  const callers = {
    off: shields.off.authenticate(undefined, BENCH_AGENT),
    on: shields.on.authenticate(authorization, undefined),
  };

  both("authenticate (Bearer, key format, SHA-256, key lookup)", "request", (shield, setting) => {
    if (setting === "on") shield.authenticate(authorization, undefined);
    else shield.authenticate(undefined, BENCH_AGENT);
  });
  both("limitRate (token bucket per route and client)", "request", (shield, setting) => {
    shield.limitRate("/v1/assert", "write", callers[setting].keyId ?? CLIENT_IP, nowMs);
  });
  both("admitAgent (circuit breaker)", "request", (shield) => {
    shield.admitAgent(BENCH_AGENT, nowMs);
  });
  both("costOf + checkQuota", "request", (shield) => {
    shield.checkQuota(
      BENCH_AGENT,
      shield.costOf("assert", { items: 1, payloadBytes: 220, lenses: 0 }),
      nowMs,
    );
  });
  both("chargeQuota + quotaHeaders (X-Quota-*)", "request", (shield) => {
    quotaHeaders(shield.chargeQuota(BENCH_AGENT, 10, nowMs));
  });
  both("recordSuccess (circuit breaker)", "request", (shield) => {
    shield.recordSuccess(BENCH_AGENT, nowMs);
  });
  let next = 0;
  both("checkTier", "assertion", (shield, setting) => {
    shield.checkTier(callers[setting], claims[next++ % claims.length] as Assertion, "authority_tier");
  });
  // The workload's claims all state values new to the agent: a pass on a fresh Shield is what
  // the write runs pay, the fastest of a few. Then the last Shield screens the newer half again,
  // every value now stated before, so each one is searched for near-duplicates: what an agent
  // repeating its values would pay. (The older half may have left the window: its sightings are
  // kept in two generations of half the window each, and the older one goes when a new one starts.)
  const fresh = {
    off: timeFreshScreening(server, "off", claims, nowMs),
    on: timeFreshScreening(server, "on", claims, nowMs),
  };
  steps.push({
    step: "screen + settle (content defense), values new to the agent",
    scope: "assertion",
    offUs: fresh.off.us,
    onUs: fresh.on.us,
  });
  const part = (step: string, onUs: number): void => {
    steps.push({ step, scope: "assertion", offUs: Number.NaN, onUs, part: true });
  };
  part(
    "screen + settle, values stated before (near-duplicate search)",
    timeScreening(fresh.on.shield, claims.slice(claims.length / 2), nowMs),
  );
  const texts = claims.map(claimText);
  part("claimText", timeEach(claims, claimText));
  part(
    "sightingKey (the agent's value key)",
    timeEach(claims, (a) => sightingKey(a.agentId, a.value)),
  );
  const threshold = DEFAULT_CONTENT_DEFENSE.qualityThreshold;
  part(
    "scoreBelow (the quality decision)",
    timeEach(claims, (a) => scoreBelow(a, 0.5, threshold)),
  );
  part(
    "qualityScore (every part, entropy too)",
    timeEach(claims, (a) => qualityScore(a, 0.5)),
  );
  part(
    "minHash (128 slots × 3-character shingles)",
    timeEach(texts, (text) => minHash(text)),
  );
  const signatures = texts.map((text) => minHash(text));
  // Sized to the claims, so that the second pass finds it full and evicts on every add, as the
  // server's index does once it holds its 100,000 newest claims.
  const index = new LshIndex<number>({ maxEntries: counts.claims });
  // One scope for all: the worst case, every entry a candidate's neighbour.
  const scope = sightingKey(BENCH_AGENT, { type: "text", value: "" });
  let added = 0;
  const lsh = (signature: Uint32Array): void => {
    index.similar(signature, scope, DEFAULT_CONTENT_DEFENSE.duplicateThreshold);
    index.add(added++, signature, scope, nowMs);
  };
  part(`LSH similar + add, filling to ${formatCount(counts.claims)}`, timeOnce(signatures, lsh));
  part("LSH similar + add, full (overwriting the oldest)", timeOnce(signatures, lsh));
  return { calls, claims: counts.claims, steps };
}

/** Sums the steps a kind of request takes, in µs: per request, or per assertion of a batch. */
export function shieldCostUs(
  steps: readonly StepTiming[],
  setting: ShieldSetting,
  request: "single write" | "batched assertion" | "query",
  batchSize = 1,
): number {
  let total = 0;
  for (const step of steps) {
    if (step.part === true) continue;
    const us = setting === "on" ? step.onUs : step.offUs;
    if (request === "query") total += step.scope === "request" ? us : 0;
    else if (request === "single write") total += us;
    else total += step.scope === "assertion" ? us : us / batchSize;
  }
  return total;
}

function shieldOf(server: RunningServer, setting: ShieldSetting): Shield {
  const config = loadConfig(settingEnv(setting)).shield;
  return new Shield({
    config,
    adminToken: config.adminToken ?? "",
    state: server.db.store.shield,
    trustOf: (agentId) => server.db.evidence.trustOf(agentId),
    assertionCountOf: (agentId) => server.db.store.countAgent(agentId),
  });
}

/** Claims of the workload as the route has them after `normalizeAssertion`, from their own seed. */
function workloadClaims(count: number): Assertion[] {
  const prng = mulberry32(7);
  const nowMs = Date.now();
  return Array.from({ length: count }, (_, i) =>
    normalizeAssertion(claimBody(i, prng), { nowMs, agentId: BENCH_AGENT }),
  );
}

/**
 * µs per claim of the content defense on values new to it: the fastest of `REPEATS` passes, each
 * on a fresh Shield of `setting` (a single pass can meet a collection of the server's whole
 * heap); and the last Shield, whose window now holds every claim.
 */
function timeFreshScreening(
  server: RunningServer,
  setting: ShieldSetting,
  claims: readonly Assertion[],
  nowMs: number,
): { us: number; shield: Shield } {
  let us = Number.POSITIVE_INFINITY;
  let shield = shieldOf(server, setting);
  for (let r = 0; r < REPEATS; r++) {
    if (r > 0) shield = shieldOf(server, setting);
    us = Math.min(us, timeScreening(shield, claims, nowMs));
  }
  return { us, shield };
}

/**
 * µs per claim of `screen` and `settle`, called as the write route calls them: a request's claims
 * screened together, then settled as stored. One pass over `claims` in requests of
 * `DEFENSE_CHUNK`, the first `WARM_UP_CALLS` untimed.
 */
function timeScreening(shield: Shield, claims: readonly Assertion[], nowMs: number): number {
  let ns = 0n;
  for (const [k, request] of chunksOf(claims).entries()) {
    const began = process.hrtime.bigint();
    shield.screen(request, nowMs).settle(true);
    if (k * DEFENSE_CHUNK >= WARM_UP_CALLS) ns += process.hrtime.bigint() - began;
  }
  return Number(ns) / 1e3 / Math.max(1, claims.length - WARM_UP_CALLS);
}

function chunksOf(claims: readonly Assertion[]): Assertion[][] {
  const chunks: Assertion[][] = [];
  for (let start = 0; start < claims.length; start += DEFENSE_CHUNK)
    chunks.push(claims.slice(start, start + DEFENSE_CHUNK));
  return chunks;
}

/** µs per call of `call`: the fastest of `REPEATS` loops of `calls`, after a warm-up. */
function timePerCall(calls: number, call: () => void): number {
  for (let i = 0; i < WARM_UP_CALLS; i++) call();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < REPEATS; r++) {
    const began = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) call();
    best = Math.min(best, Number(process.hrtime.bigint() - began) / 1e3 / calls);
  }
  return best;
}

/** µs per item of a pure `call` over `items`: the fastest of `REPEATS` passes. */
function timeEach<T>(items: readonly T[], call: (item: T) => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < REPEATS; r++) best = Math.min(best, timeOnce(items, call));
  return best;
}

/**
 * µs per item of `call` over `items` in one pass, the first `WARM_UP_CALLS` untimed: for a call
 * that remembers (the content defense, the LSH index), whose cost depends on what it holds.
 */
function timeOnce<T>(items: readonly T[], call: (item: T) => unknown): number {
  for (const item of items.slice(0, WARM_UP_CALLS)) call(item);
  const began = process.hrtime.bigint();
  for (let i = WARM_UP_CALLS; i < items.length; i++) call(items[i] as T);
  return Number(process.hrtime.bigint() - began) / 1e3 / Math.max(1, items.length - WARM_UP_CALLS);
}
