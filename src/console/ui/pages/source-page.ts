import { h, show } from "../dom.ts";
import { fill } from "../feedback.ts";
import { counted, formatConfidence, formatTime, formatValue } from "../format.ts";
import type { PageContext } from "../page.ts";
import { registration } from "../source-registration.ts";
import { agentLink, badge, conceptLink, pageTitle, section, stats, table, tierBadge } from "../widgets.ts";

/**
 * One source: its registration, whether and why it was retracted, and its impact: every claim
 * citing it, which answers leave out once it is retracted.
 *
 * @example
 * ```ts
 * sourcePage(context, "6145d1a8…");
 * ```
 */
export function sourcePage({ session, signal, main }: PageContext, hash: string): void {
  const client = session.client;
  const about = h("div");
  const retraction = h("div");
  const impact = h("div");
  show(
    main,
    pageTitle("Source", h("p", { class: "mono wrap" }, hash)),
    about,
    section("Retraction", retraction),
    section("Impact", impact),
  );

  void fill(about, signal, "the source", async () => {
    const info = await registration(client, hash, signal);
    const source = info?.source ?? null;
    show(
      retraction,
      info === undefined || !info.retracted
        ? h("p", {}, badge("not retracted", "ok"), " Claims citing this source count in answers.")
        : [
            h(
              "p",
              {},
              badge("retracted", "bad"),
              " Claims citing this source are flagged source_retracted and left out of answers unless a query includes retracted sources.",
            ),
            table(
              ["When", "By", "Reason"],
              info.retractions.map((r) => [formatTime(r.timestamp), agentLink(r.agent_id), r.reason ?? "—"]),
              "No retraction record.",
              "Retractions",
            ),
          ],
    );
    if (source === null)
      return h("p", { class: "hint" }, "This source is not registered: claims cite its hash only.");
    return stats([
      ["title", "Title", source.title ?? "—"],
      ["uri", "URI", h("span", { class: "wrap" }, source.uri ?? "—")],
      ["tier", "Tier", source.authority_tier === undefined ? "—" : tierBadge(source.authority_tier)],
      ["registered", "Registered", formatTime(source.timestamp)],
      ["registered-by", "Registered by", agentLink(source.agent_id)],
    ]);
  });

  void fill(impact, signal, "the claims citing it", async () => {
    const cited = await client.sourceImpact(hash, { signal });
    const pairs = new Set(cited.assertions.map((a) => `${a.concept_path}\u0000${a.predicate}`));
    return [
      h(
        "p",
        { "data-stat": "impact" },
        `${counted(cited.assertion_count, "claim")} about ${counted(pairs.size, "concept–predicate pair")} cite this source.`,
      ),
      table(
        ["Concept", "Predicate", "Value", "Confidence", "Tier", "Made", "Agent"],
        cited.assertions.map((a) => [
          conceptLink(a.concept_path),
          a.predicate,
          formatValue(a.value),
          formatConfidence(a.confidence),
          tierBadge(a.authority_tier),
          formatTime(a.timestamp),
          agentLink(a.agent_id),
        ]),
        "No claim cites this source.",
        "Claims citing this source",
      ),
    ];
  });
}
