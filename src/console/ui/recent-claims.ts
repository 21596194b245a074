import type { Assertion, StemeClient } from "../../client/index.ts";
import { h } from "./dom.ts";

/** How far back the sources and agents pages look for the claims they list from. */
export const LOOKBACKS = [
  { label: "1 day", days: 1 },
  { label: "7 days", days: 7 },
  { label: "30 days", days: 30 },
  { label: "1 year", days: 365 },
  { label: "all time", days: undefined },
] as const;

/** Claims read at most for a listing. */
export const RECENT_CLAIM_LIMIT = 10_000;

/**
 * The claims made (by their own timestamps) in the last `days` days, or ever, under every
 * concept: what the sources and agents pages find their rows in, since the API lists neither.
 *
 * @example
 * ```ts
 * const claims = await recentClaims(client, 30, signal);
 * new Set(claims.map((c) => c.agent_id)); // the agents who made them
 * ```
 */
export async function recentClaims(
  client: StemeClient,
  days: number | undefined,
  signal: AbortSignal,
): Promise<readonly Assertion[]> {
  const since = days === undefined ? "0" : new Date(Date.now() - days * 86_400_000).toISOString();
  const changes = await client.changes(
    { concept_path: "*", since, limit: String(RECENT_CLAIM_LIMIT) },
    { signal },
  );
  return changes.new_assertions;
}

/**
 * A labelled choice of how far back to look; calls `onChange` with the days (`undefined`: all time).
 *
 * @example
 * ```ts
 * lookbackSelect("sources-lookback", 30, (days) => reload(days));
 * ```
 */
export function lookbackSelect(
  id: string,
  initial: number | undefined,
  onChange: (days: number | undefined) => void,
): HTMLElement {
  const select = h(
    "select",
    { id },
    LOOKBACKS.map((choice) =>
      h("option", { value: String(choice.days ?? "all"), selected: choice.days === initial }, choice.label),
    ),
  );
  select.addEventListener("change", () => {
    onChange(select.value === "all" ? undefined : Number(select.value));
  });
  return h("p", { class: "controls" }, h("label", { for: id }, "Claims made in the last "), select);
}
