import { h } from "../dom.ts";
import { counted, formatConfidence, formatShare, formatValue } from "../format.ts";
import { bar, statusBadge, tierBadge } from "../widgets.ts";
import type { ConceptSnapshot } from "./concept-snapshot.ts";

/**
 * The skeptic's view of one predicate: every distinct value with a bar for its share of the
 * weight, its supporters and best tier, and how contested the pair is as a whole.
 *
 * @example
 * ```ts
 * skepticView(snapshot, "max_daily_dose_mg");
 * ```
 */
export function skepticView(snapshot: ConceptSnapshot, predicate: string): HTMLElement {
  const resolution = snapshot.answers.get("skeptic")?.resolutions.find((r) => r.predicate === predicate);
  if (resolution === undefined) return h("p", { class: "empty" }, "No claims pass the default filters.");
  const values = resolution.values ?? [];
  return h(
    "div",
    { class: "skeptic" },
    h(
      "p",
      {},
      statusBadge(resolution.status),
      ` conflict ${formatConfidence(resolution.conflict_score)} over ${counted(resolution.candidates_count, "claim")}`,
    ),
    h(
      "ul",
      { class: "shares" },
      values.map((v) =>
        h(
          "li",
          { class: "share" },
          h("span", { class: "share-value" }, formatValue(v.value)),
          bar(v.share, `${formatShare(v.share)} of the weight`),
          h("span", { class: "share-figure" }, formatShare(v.share)),
          h(
            "span",
            { class: "share-detail" },
            `${counted(v.supporters, "supporter")}, best tier `,
            tierBadge(v.best_tier),
            `, weight ${formatConfidence(v.weight)}`,
          ),
        ),
      ),
    ),
  );
}
