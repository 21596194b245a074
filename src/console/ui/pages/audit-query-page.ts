import { h, show } from "../dom.ts";
import { fill } from "../feedback.ts";
import { counted, formatConfidence, formatShare, formatTime, shortId } from "../format.ts";
import type { PageContext } from "../page.ts";
import { agentLink, bar, conceptLink, pageTitle, stats, table } from "../widgets.ts";

/**
 * One audited query: who asked, with which parameters, and for each answer the winner, how
 * contested it was, and the weight every candidate had.
 *
 * @example
 * ```ts
 * auditQueryPage(context, answer.query_id);
 * ```
 */
export function auditQueryPage({ session, signal, main }: PageContext, queryId: string): void {
  const body = h("div");
  show(main, pageTitle("Audited query", h("p", { class: "mono wrap" }, queryId)), body);
  void fill(body, signal, "the audit record", async () => {
    const record = await session.client.auditQuery(queryId, { signal });
    return [
      stats([
        ["at", "When", formatTime(record.at)],
        ["agent", "Agent", agentLink(record.agent_id)],
        ["lens", "Lens", record.lens],
        ["answers", "Answers", String(record.answers.length)],
      ]),
      h("h2", {}, "Parameters"),
      h("pre", { class: "json" }, JSON.stringify(record.parameters, null, 2)),
      record.answers.map((answer) => {
        const total = answer.weights.reduce((sum, w) => sum + w.weight, 0);
        return h(
          "section",
          { class: "answer-record", "aria-label": `${answer.concept_path} ${answer.predicate}` },
          h("h2", {}, conceptLink(answer.concept_path), " · ", answer.predicate),
          h(
            "p",
            {},
            `Winner ${answer.winner === null ? "none" : shortId(answer.winner)}, conflict ${formatConfidence(answer.conflict_score)}, ${counted(answer.candidates_count, "candidate")}.`,
          ),
          table(
            ["Claim", "Weight", "Share"],
            answer.weights.map((w) => {
              const share = total > 0 ? w.weight / total : 0;
              return [
                h(
                  "span",
                  { class: "mono", title: w.hash },
                  shortId(w.hash),
                  w.hash === answer.winner ? " (winner)" : "",
                ),
                formatConfidence(w.weight),
                [bar(share, `${formatShare(share)} of the weight`), " ", formatShare(share)],
              ];
            }),
            "No weights recorded.",
            `Weights for ${answer.predicate}`,
          ),
        );
      }),
    ];
  });
}
