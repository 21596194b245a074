import type { AuditQueryParameters } from "../../../client/index.ts";
import { h, show } from "../dom.ts";
import { fill } from "../feedback.ts";
import { askedAbout, formatCount, formatTime } from "../format.ts";
import type { Page } from "../page.ts";
import { links } from "../router.ts";
import { agentLink, pageTitle, section, table } from "../widgets.ts";

/**
 * The audit trail of queries, newest first: who asked what through which lens, and how many
 * answers were contested; filtered by agent and time. Each query opens its audit record.
 *
 * @example
 * ```ts
 * auditPage({ session, signal, main });
 * ```
 */
export const auditPage: Page = ({ session, signal, main }) => {
  const client = session.client;
  const list = h("div", { "aria-live": "polite" });
  const agent = h("input", { id: "audit-agent", type: "text", autocomplete: "off", spellcheck: "false" });
  const from = h("input", { id: "audit-from", type: "datetime-local", step: 1 });
  const to = h("input", { id: "audit-to", type: "datetime-local", step: 1 });
  const limit = h("input", { id: "audit-limit", type: "number", min: 1, max: 1000, value: 50 });

  const load = (): void => {
    const parameters: AuditQueryParameters = {
      limit: limit.value === "" ? "50" : limit.value,
      ...(agent.value.trim() === "" ? {} : { agent_id: agent.value.trim() }),
      ...(from.value === "" ? {} : { from: new Date(from.value).toISOString() }),
      ...(to.value === "" ? {} : { to: new Date(to.value).toISOString() }),
    };
    void fill(list, signal, "the audit trail", async () => {
      const { queries } = await client.auditQueries(parameters, { signal });
      return table(
        ["When", "Agent", "Lens", "Asked about", "Answers", "Contested", "Candidates"],
        queries.map((q) => [
          h("a", { href: links.auditQuery(q.query_id) }, formatTime(q.at)),
          agentLink(q.agent_id),
          q.lens,
          askedAbout(q.parameters),
          formatCount(q.answers.length),
          formatCount(q.answers.filter((a) => a.conflict_score >= 0.5).length),
          formatCount(q.answers.reduce((sum, a) => sum + a.candidates_count, 0)),
        ]),
        "No query matches.",
        "Audited queries",
      );
    });
  };

  const field = (input: HTMLInputElement, label: string): HTMLElement =>
    h("div", { class: "field" }, h("label", { for: input.id }, label), input);
  show(
    main,
    pageTitle("Audit trail"),
    h(
      "p",
      { class: "hint" },
      "Every query is recorded with the assertions and weights that made each answer.",
    ),
    h(
      "form",
      {
        class: "filters",
        on: {
          submit: (event) => {
            event.preventDefault();
            load();
          },
        },
      },
      field(agent, "Agent"),
      field(from, "From"),
      field(to, "To"),
      field(limit, "At most"),
      h("button", { type: "submit" }, "Filter"),
    ),
    section("Queries", list),
  );
  load();
};
