import { breakerState, quotaUse, trustBar } from "../agent-card.ts";
import { h, show } from "../dom.ts";
import { fill } from "../feedback.ts";
import { askedAbout, formatCount, formatTime } from "../format.ts";
import type { PageContext } from "../page.ts";
import { links } from "../router.ts";
import { pageTitle, section, stats, table } from "../widgets.ts";

/**
 * One agent: trust, claims, tier cap, circuit breaker, quota, and its latest queries.
 *
 * @example
 * ```ts
 * agentPage(context, "ingest-bot");
 * ```
 */
export function agentPage({ session, signal, main }: PageContext, agentId: string): void {
  const client = session.client;
  const about = h("div");
  const queries = h("div");
  show(
    main,
    pageTitle("Agent", h("p", { class: "mono wrap" }, agentId)),
    about,
    section("Latest queries", queries),
  );
  void fill(about, signal, "the agent", async () => {
    const agent = await client.agent(agentId, { signal });
    const breaker = agent.circuit_breaker;
    return stats([
      ["trust", "Trust", trustBar(agent.trust)],
      ["claims", "Claims", formatCount(agent.assertion_count)],
      ["first-claim", "First claim", formatTime(agent.first_assertion_at)],
      ["last-claim", "Last claim", formatTime(agent.last_assertion_at)],
      ["tier-cap", "Tier cap", agent.tier_cap ?? "none"],
      ["breaker", "Circuit breaker", breakerState(breaker)],
      ["breaker-failures", "Recent failures", formatCount(breaker.failures)],
      ["breaker-retry", "Retry at", formatTime(breaker.retry_at)],
      ["quota", "Quota this hour", quotaUse(agent.quota)],
      ["quota-reset", "Quota resets", formatTime(agent.quota.reset_at)],
    ]);
  });
  void fill(queries, signal, "queries", async () => {
    const { queries: asked } = await client.auditQueries({ agent_id: agentId, limit: "20" }, { signal });
    return table(
      ["When", "Lens", "Asked about", "Answers"],
      asked.map((q) => [
        h("a", { href: links.auditQuery(q.query_id) }, formatTime(q.at)),
        q.lens,
        askedAbout(q.parameters),
        formatCount(q.answers.length),
      ]),
      "This agent has asked nothing lately.",
      "Latest queries",
    );
  });
}
