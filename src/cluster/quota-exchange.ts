import type { NatsConnection, Subscription } from "nats";
import { silentLogger, type Logger } from "../logger.ts";
import type { Shield } from "../shield/shield.ts";

/** What one node tells the others: the quota units it charged, per agent, in one UTC hour. */
interface UsageReport {
  readonly node: string;
  readonly hour_ms: number;
  readonly usage: Readonly<Record<string, number>>;
}

const HOUR_MS = 3_600_000;
/** A report naming more agents than this is split, so one message stays small. */
const AGENTS_PER_REPORT = 1_000;

/**
 * Makes an agent's hourly quota one across the cluster: each node publishes what it charged,
 * summed per agent, every `flushMs` (a core NATS subject, not the log: usage is soft state, and a
 * report lost to a partition only lets an agent spend a little more), and counts what the others
 * report. An agent spreading requests over three nodes thus meets its quota about as soon as on
 * one node, up to the units charged in the last `flushMs`.
 */
export class QuotaExchange {
  readonly #connection: NatsConnection;
  readonly #subject: string;
  readonly #nodeId: string;
  readonly #logger: Logger;
  readonly #subscription: Subscription;
  readonly #timer: NodeJS.Timeout;
  #pending = new Map<string, number>();
  #pendingHourMs = 0;

  private constructor(options: QuotaExchangeOptions) {
    this.#connection = options.connection;
    this.#subject = options.subject;
    this.#nodeId = options.nodeId;
    this.#logger = options.logger ?? silentLogger;
    const shield = options.shield;
    shield.onQuotaCharged((agentId, cost, nowMs) => {
      const hourMs = hourOf(nowMs);
      if (hourMs !== this.#pendingHourMs) this.flush();
      this.#pendingHourMs = hourMs;
      this.#pending.set(agentId, (this.#pending.get(agentId) ?? 0) + cost);
    });
    this.#subscription = this.#connection.subscribe(this.#subject, {
      callback: (error, message) => {
        if (error !== null) return;
        const report = parseReport(message.data);
        if (report === undefined || report.node === this.#nodeId) return;
        const nowMs = Date.now();
        // A report of an hour that is over counts for nothing now.
        if (report.hour_ms !== hourOf(nowMs)) return;
        for (const [agentId, units] of Object.entries(report.usage))
          shield.absorbQuotaUsage(agentId, units, nowMs);
      },
    });
    this.#timer = setInterval(() => {
      this.flush();
    }, options.flushMs ?? 200);
    this.#timer.unref();
  }

  static start(options: QuotaExchangeOptions): QuotaExchange {
    return new QuotaExchange(options);
  }

  /** Publishes what was charged since the last report. */
  flush(): void {
    if (this.#pending.size === 0) return;
    const entries = [...this.#pending];
    const hourMs = this.#pendingHourMs;
    this.#pending = new Map();
    try {
      for (let start = 0; start < entries.length; start += AGENTS_PER_REPORT) {
        const report: UsageReport = {
          node: this.#nodeId,
          hour_ms: hourMs,
          usage: Object.fromEntries(entries.slice(start, start + AGENTS_PER_REPORT)),
        };
        this.#connection.publish(this.#subject, JSON.stringify(report));
      }
    } catch (error) {
      // Closed or draining: the usage stays counted here, the others just do not hear of it.
      this.#logger.warn({ err: error }, "Cannot share quota usage with the other nodes");
    }
  }

  /** Sends what is pending and stops listening. */
  stop(): void {
    clearInterval(this.#timer);
    this.flush();
    this.#subscription.unsubscribe();
  }
}

export interface QuotaExchangeOptions {
  readonly connection: NatsConnection;
  /** The subject every node of the cluster reports on, e.g. `steme.quota`. */
  readonly subject: string;
  readonly nodeId: string;
  readonly shield: Shield;
  readonly flushMs?: number;
  readonly logger?: Logger;
}

function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** A report from the wire, or `undefined` when it is not one (never trusted to be well formed). */
function parseReport(data: Uint8Array): UsageReport | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(data).toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { node, hour_ms: hourMs, usage } = parsed as Record<string, unknown>;
  if (typeof node !== "string" || typeof hourMs !== "number" || typeof usage !== "object" || usage === null) {
    return undefined;
  }
  // No prototype: an agent named `__proto__` is a key like any other.
  const valid = Object.create(null) as Record<string, number>;
  for (const [agentId, units] of Object.entries(usage)) {
    if (Number.isSafeInteger(units) && (units as number) > 0) valid[agentId] = units as number;
  }
  return { node, hour_ms: hourMs, usage: valid };
}
