/** Circuit breakers per agent: repeated failures shut an agent out for a cooldown; admins can ban. */

/** CLOSED admits, OPEN refuses until the cooldown ends, HALF_OPEN admits and closes on a success. */
export type BreakerState = "CLOSED" | "OPEN" | "HALF_OPEN";

/** A failure the breaker counts: each is the client's fault, never the server's. */
export type BreakerFailure = "invalid_signature" | "validation" | "quota" | "proof_of_work";

/** Failures `failureThreshold` times within `windowMs` open the breaker for `cooldownMs`. */
export interface BreakerOptions {
  readonly failureThreshold: number;
  readonly windowMs: number;
  readonly cooldownMs: number;
  /** Agents held in memory besides banned ones, which are never forgotten. */
  readonly maxAgents?: number;
}

/** One agent's breaker as `get` and `list` report it. */
export interface BreakerSnapshot {
  readonly agentId: string;
  readonly state: BreakerState;
  readonly banned: boolean;
  /** Failures within the window ending now. */
  readonly failures: number;
  readonly lastFailure?: BreakerFailure;
  readonly openedAtMs?: number;
  /** When an OPEN breaker turns HALF_OPEN; absent for a ban, which has no end. */
  readonly retryAtMs?: number;
  /** Requests refused since the breaker opened. */
  readonly rejected: number;
}

/** The answer to `admit`. */
export type BreakerDecision =
  | { readonly allowed: true; readonly state: "CLOSED" | "HALF_OPEN" }
  | {
      readonly allowed: false;
      readonly state: "OPEN";
      readonly banned: boolean;
      readonly retryAfterSeconds: number;
    };

const DEFAULTS = { failureThreshold: 5, windowMs: 60_000, cooldownMs: 30_000, maxAgents: 100_000 };
// A ban has no end time; an hour tells a well-behaved client to stop retrying for a while.
const BAN_RETRY_SECONDS = 3600;
const ADMIT_CLOSED: BreakerDecision = { allowed: true, state: "CLOSED" };
const ADMIT_HALF_OPEN: BreakerDecision = { allowed: true, state: "HALF_OPEN" };
const STATE_ORDER: Readonly<Record<BreakerState, number>> = { OPEN: 0, HALF_OPEN: 1, CLOSED: 2 };

/** One agent's stored breaker; mutable, never handed out (callers get snapshots). */
class Agent {
  state: BreakerState = "CLOSED";
  banned = false;
  /** Times of the latest failures, at most `failureThreshold` of them: all the window needs. */
  failures: number[] = [];
  lastFailure: BreakerFailure | undefined;
  openedAtMs: number | undefined;
  retryAtMs: number | undefined;
  rejected = 0;
}

/**
 * Per-agent circuit breakers, driven by the `nowMs` argument, never the clock. Time-based changes
 * (OPEN → HALF_OPEN once the cooldown ends) happen when any method next looks at the agent, and
 * `onTransition` hears them then.
 *
 * Memory: an agent CLOSED with no failures in the window is the default and is not stored. The
 * rest are capped at `maxAgents`, evicting a sixteenth of the cap at a time: CLOSED agents first,
 * least recently failed first, then tripped ones, so a flood of invented ids with one failure each
 * cannot free a tripped agent. The agent just failing is never the one evicted, so filling the cap
 * with tripped ids cannot stop other agents' failures from counting. Banned agents stay.
 *
 * @example
 * ```ts
 * const breakers = new CircuitBreakers({ failureThreshold: 2, cooldownMs: 30_000 });
 * breakers.recordFailure("agent-a", "invalid_signature", 0);
 * breakers.recordFailure("agent-a", "invalid_signature", 1);
 * breakers.admit("agent-a", 2); // { allowed: false, state: "OPEN", banned: false, retryAfterSeconds: 30 }
 * breakers.admit("agent-a", 30_001); // { allowed: true, state: "HALF_OPEN" }
 * breakers.recordSuccess("agent-a", 30_002); // back to CLOSED
 * ```
 */
export class CircuitBreakers {
  readonly #options: Required<BreakerOptions>;
  readonly #onTransition: ((agentId: string, from: BreakerState, to: BreakerState) => void) | undefined;
  // Three maps, so eviction can take the agents whose loss gives least away without searching.
  readonly #closed = new Map<string, Agent>(); // CLOSED with failures, least recently failed first
  readonly #tripped = new Map<string, Agent>(); // OPEN or HALF_OPEN, least recently failed first
  readonly #banned = new Map<string, Agent>();

  constructor(
    options: Partial<BreakerOptions> = {},
    onTransition?: (agentId: string, from: BreakerState, to: BreakerState) => void,
  ) {
    this.#options = { ...DEFAULTS, ...options };
    const { failureThreshold, windowMs, cooldownMs, maxAgents } = this.#options;
    const valid =
      Number.isSafeInteger(failureThreshold) && failureThreshold >= 1 && windowMs > 0 && cooldownMs >= 0;
    if (!valid || cooldownMs === Infinity || !Number.isSafeInteger(maxAgents) || maxAgents < 1) {
      throw new RangeError(
        `Cannot create CircuitBreakers with ${JSON.stringify(this.#options)}: failureThreshold and maxAgents must be integers ≥ 1, windowMs > 0, cooldownMs finite ≥ 0`,
      );
    }
    this.#onTransition = onTransition;
  }

  /** Admits unless OPEN; an OPEN breaker past its cooldown turns HALF_OPEN and admits. */
  admit(agentId: string, nowMs: number): BreakerDecision {
    const agent = this.#find(agentId, nowMs);
    if (agent === undefined || agent.state === "CLOSED") return ADMIT_CLOSED;
    if (agent.state === "HALF_OPEN") return ADMIT_HALF_OPEN;
    agent.rejected++;
    const waitMs = (agent.retryAtMs ?? nowMs) - nowMs;
    const retryAfterSeconds = agent.banned ? BAN_RETRY_SECONDS : Math.max(1, Math.ceil(waitMs / 1000));
    return { allowed: false, state: "OPEN", banned: agent.banned, retryAfterSeconds };
  }

  /** CLOSED: counts the failure, opening at the threshold. HALF_OPEN: opens again at once. */
  recordFailure(agentId: string, kind: BreakerFailure, nowMs: number): void {
    const agent = this.#find(agentId, nowMs) ?? new Agent();
    agent.lastFailure = kind;
    agent.failures = agent.failures.filter((atMs) => atMs > nowMs - this.#options.windowMs);
    agent.failures.push(nowMs);
    if (agent.failures.length > this.#options.failureThreshold) agent.failures.shift();
    const tripped =
      agent.state === "HALF_OPEN" ||
      (agent.state === "CLOSED" && agent.failures.length >= this.#options.failureThreshold);
    if (tripped && !agent.banned) {
      agent.openedAtMs = nowMs;
      agent.retryAtMs = nowMs + this.#options.cooldownMs;
      this.#transition(agentId, agent, "OPEN");
    }
    this.#store(agentId, agent, nowMs);
  }

  /** HALF_OPEN → CLOSED with failures cleared; otherwise nothing. */
  recordSuccess(agentId: string, nowMs: number): void {
    const agent = this.#find(agentId, nowMs);
    if (agent?.state !== "HALF_OPEN") return;
    this.#close(agentId, agent);
    this.#store(agentId, agent, nowMs);
  }

  /** OPEN until `unban`, refusing with `retryAfterSeconds` 3600; never evicted. */
  ban(agentId: string, nowMs: number): void {
    const agent = this.#find(agentId, nowMs) ?? new Agent();
    agent.banned = true;
    agent.openedAtMs = nowMs;
    agent.retryAtMs = undefined;
    this.#transition(agentId, agent, "OPEN");
    this.#store(agentId, agent, nowMs);
  }

  /** Lifts a ban: → CLOSED with failures cleared (also closes an agent that was merely OPEN). */
  unban(agentId: string, nowMs: number): void {
    const agent = this.#find(agentId, nowMs);
    if (agent === undefined) return;
    agent.banned = false;
    this.#close(agentId, agent);
    this.#store(agentId, agent, nowMs);
  }

  /** → CLOSED with failures cleared. A ban stays: a banned agent keeps refusing until `unban`. */
  reset(agentId: string, nowMs: number): void {
    const agent = this.#find(agentId, nowMs);
    if (agent === undefined) return;
    if (agent.banned) agent.failures = [];
    else this.#close(agentId, agent);
    this.#store(agentId, agent, nowMs);
  }

  /** The agent's breaker; CLOSED with 0 failures for an agent never seen or long forgiven. */
  get(agentId: string, nowMs: number): BreakerSnapshot {
    const agent = this.#find(agentId, nowMs);
    return agent === undefined
      ? { agentId, state: "CLOSED", banned: false, failures: 0, rejected: 0 }
      : this.#snapshot(agentId, agent, nowMs);
  }

  /** Every agent not CLOSED-with-zero-failures: OPEN first, then HALF_OPEN, then CLOSED, by id. */
  list(nowMs: number): BreakerSnapshot[] {
    return this.#sweep(nowMs)
      .map(([agentId, agent]) => this.#snapshot(agentId, agent, nowMs))
      .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || (a.agentId < b.agentId ? -1 : 1));
  }

  /** How many agents are in each state (CLOSED counts only those with failures), for a gauge. */
  counts(nowMs: number): Readonly<Record<BreakerState, number>> {
    const counts = { CLOSED: 0, OPEN: 0, HALF_OPEN: 0 };
    for (const [, agent] of this.#sweep(nowMs)) counts[agent.state]++;
    return counts;
  }

  /** The stored agent, with its cooldown applied as of `nowMs`. */
  #find(agentId: string, nowMs: number): Agent | undefined {
    const agent = this.#closed.get(agentId) ?? this.#tripped.get(agentId) ?? this.#banned.get(agentId);
    const cooled = agent?.state === "OPEN" && agent.retryAtMs !== undefined && nowMs >= agent.retryAtMs;
    if (cooled && !agent.banned) this.#transition(agentId, agent, "HALF_OPEN");
    return agent;
  }

  /** Files the agent in the map its state belongs to (or none), then evicts down to the cap. */
  #store(agentId: string, agent: Agent, nowMs: number): void {
    this.#closed.delete(agentId);
    this.#tripped.delete(agentId);
    this.#banned.delete(agentId);
    if (agent.banned) this.#banned.set(agentId, agent);
    else if (agent.state !== "CLOSED") this.#tripped.set(agentId, agent);
    else if (this.#failuresInWindow(agent, nowMs) > 0) this.#closed.set(agentId, agent);
    if (this.#closed.size + this.#tripped.size > this.#options.maxAgents) this.#evict(agentId);
  }

  /** Drops a sixteenth of the cap in one pass, CLOSED first (`RateLimiter` explains why a batch). */
  #evict(keep: string): void {
    let count = Math.max(1, Math.floor(this.#options.maxAgents / 16));
    for (const map of [this.#closed, this.#tripped]) {
      for (const agentId of map.keys()) {
        if (agentId === keep) continue;
        map.delete(agentId);
        if (--count === 0) return;
      }
    }
  }

  /** Every stored agent after applying cooldowns; drops CLOSED agents whose failures have expired. */
  #sweep(nowMs: number): [string, Agent][] {
    const live: [string, Agent][] = [];
    for (const map of [this.#banned, this.#tripped, this.#closed]) {
      for (const agentId of map.keys()) {
        const agent = this.#find(agentId, nowMs);
        if (agent === undefined) continue;
        const forgiven = agent.state === "CLOSED" && this.#failuresInWindow(agent, nowMs) === 0;
        if (forgiven) map.delete(agentId);
        else live.push([agentId, agent]);
      }
    }
    return live;
  }

  #close(agentId: string, agent: Agent): void {
    agent.failures = [];
    agent.rejected = 0;
    agent.openedAtMs = undefined;
    agent.retryAtMs = undefined;
    this.#transition(agentId, agent, "CLOSED");
  }

  #transition(agentId: string, agent: Agent, to: BreakerState): void {
    const from = agent.state;
    agent.state = to;
    if (from !== to) this.#onTransition?.(agentId, from, to);
  }

  #failuresInWindow(agent: Agent, nowMs: number): number {
    let count = 0;
    for (const atMs of agent.failures) if (atMs > nowMs - this.#options.windowMs) count++;
    return count;
  }

  #snapshot(agentId: string, agent: Agent, nowMs: number): BreakerSnapshot {
    const { state, banned, rejected, lastFailure, openedAtMs, retryAtMs } = agent;
    return {
      agentId,
      state,
      banned,
      failures: this.#failuresInWindow(agent, nowMs),
      rejected,
      ...(lastFailure === undefined ? {} : { lastFailure }),
      ...(openedAtMs === undefined ? {} : { openedAtMs }),
      ...(retryAtMs === undefined ? {} : { retryAtMs }),
    };
  }
}
