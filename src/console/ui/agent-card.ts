import type { AgentInfo } from "../../client/index.ts";
import { h, type Child } from "./dom.ts";
import { formatConfidence, formatCount, formatTime } from "./format.ts";
import { badge, bar } from "./widgets.ts";

/**
 * An agent's trust as a bar and a number (0..1; newcomers start at 0.5).
 *
 * @example
 * ```ts
 * trustBar(agent.trust);
 * ```
 */
export function trustBar(trust: number): HTMLElement {
  return h(
    "span",
    { class: "trust" },
    bar(trust, `trust ${formatConfidence(trust)}`),
    " ",
    formatConfidence(trust),
  );
}

/**
 * An agent's circuit breaker in a word: banned, open, half-open or closed (with failures).
 *
 * @example
 * ```ts
 * breakerState(agent.circuit_breaker);
 * ```
 */
export function breakerState(breaker: AgentInfo["circuit_breaker"]): Child {
  if (breaker.banned) return badge("banned", "bad");
  if (breaker.state === "OPEN") return badge("open", "bad");
  if (breaker.state === "HALF_OPEN") return badge("half-open", "warn");
  return breaker.failures > 0 ? badge(`closed, ${breaker.failures} failures`, "warn") : badge("closed", "ok");
}

/**
 * An agent's hourly quota use, `used / limit`, or "off".
 *
 * @example
 * ```ts
 * quotaUse(agent.quota);
 * ```
 */
export function quotaUse(quota: AgentInfo["quota"]): string {
  return quota.enabled ? `${formatCount(quota.used)} / ${formatCount(quota.limit)}` : "off";
}

/**
 * The row of an agent in the agents table.
 *
 * @example
 * ```ts
 * table(AGENT_HEADERS, agents.map(agentRow), "No agents");
 * ```
 */
export function agentRow(agent: AgentInfo, link: Child): Child[] {
  return [
    link,
    trustBar(agent.trust),
    formatCount(agent.assertion_count),
    formatTime(agent.last_assertion_at),
    agent.tier_cap ?? "none",
    breakerState(agent.circuit_breaker),
    quotaUse(agent.quota),
  ];
}

/** The headers of `agentRow`'s cells. */
export const AGENT_HEADERS = [
  "Agent",
  "Trust",
  "Claims",
  "Last claim",
  "Tier cap",
  "Circuit breaker",
  "Quota this hour",
];
