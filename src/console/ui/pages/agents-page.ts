import type { StemeClient } from "../../../client/index.ts";
import { AGENT_HEADERS, agentRow } from "../agent-card.ts";
import { h } from "../dom.ts";
import { formatCount } from "../format.ts";
import { inParallel } from "../in-parallel.ts";
import { showLookbackPage } from "../lookback-page.ts";
import type { Page } from "../page.ts";
import { recentClaims } from "../recent-claims.ts";
import { links } from "../router.ts";
import { agentLink, table } from "../widgets.ts";

/** Agents listed at most: one call each. */
const AGENT_LIMIT = 50;

/**
 * The agents seen lately (authors and co-signers of recent claims, and recent askers), with
 * their trust, claims, tier cap, circuit breaker and quota, most trusted first; and a form to
 * open any agent.
 *
 * @example
 * ```ts
 * agentsPage({ session, signal, main });
 * ```
 */
export const agentsPage: Page = (context) => {
  const client = context.session.client;
  showLookbackPage(context, {
    title: "Agents",
    hint: "Trust (0 to 1, newcomers at 0.5) rises when an agent's claims win consensus over time and falls when they are rejected or quarantined; it drifts back toward 0.5.",
    opener: openAgent(),
    listTitle: "Agents seen lately",
    what: "agents",
    lookbackId: "agents-lookback",
    rows: (days, signal) => agentRows(client, days, signal),
  });
};

async function agentRows(
  client: StemeClient,
  days: number | undefined,
  signal: AbortSignal,
): Promise<HTMLElement> {
  const [claims, audit] = await Promise.all([
    recentClaims(client, days, signal),
    client.auditQueries({ limit: "200" }, { signal }),
  ]);
  const ids = new Set<string>();
  for (const claim of claims) {
    ids.add(claim.agent_id);
    for (const signature of claim.signatures) ids.add(signature.agent_id);
  }
  for (const query of audit.queries) ids.add(query.agent_id);
  const shown = [...ids].slice(0, AGENT_LIMIT);
  const agents = await inParallel(shown, 6, (id) => client.agent(id, { signal }));
  agents.sort((a, b) => b.trust - a.trust || b.assertion_count - a.assertion_count);
  return h(
    "div",
    {},
    table(
      AGENT_HEADERS,
      agents.map((agent) => agentRow(agent, agentLink(agent.agent_id))),
      "No agent made or signed a claim, or asked, in this period.",
      "Agents",
    ),
    ids.size > AGENT_LIMIT
      ? h("p", { class: "hint" }, `The first ${AGENT_LIMIT} of ${formatCount(ids.size)} agents are listed.`)
      : null,
  );
}

function openAgent(): HTMLElement {
  const input = h("input", {
    id: "agent-id",
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
    maxlength: 128,
  });
  return h(
    "form",
    {
      class: "inline-form",
      on: {
        submit: (event) => {
          event.preventDefault();
          if (input.value.trim() !== "") location.hash = links.agent(input.value.trim());
        },
      },
    },
    h("label", { for: "agent-id" }, "Open an agent by id or name"),
    input,
    h("button", { type: "submit" }, "Open"),
  );
}
