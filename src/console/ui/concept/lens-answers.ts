import type { Resolution } from "../../../client/index.ts";
import { h, type Child } from "../dom.ts";
import { counted, formatConfidence, formatValue, shortId } from "../format.ts";
import { statusBadge, table } from "../widgets.ts";
import { LENS_NAMES } from "../../../model/lens-names.ts";
import type { ConceptSnapshot } from "./concept-snapshot.ts";

/**
 * The answer of every lens for one predicate, one row per lens: the winning value, how sure the
 * lens is, how contested the pair is, and the winning claim (a link to its row in the claims
 * table). The skeptic picks no winner: it has its own view.
 *
 * @example
 * ```ts
 * lensAnswers(snapshot, "max_daily_dose_mg");
 * ```
 */
export function lensAnswers(snapshot: ConceptSnapshot, predicate: string): HTMLElement {
  const rows = LENS_NAMES.filter((lens) => lens !== "skeptic").map((lens): Child[] => {
    const resolution = snapshot.answers.get(lens)?.resolutions.find((r) => r.predicate === predicate);
    if (resolution === undefined)
      return [lens, h("span", { class: "empty" }, "no claims pass the default filters"), "—", "—", "—", "—"];
    return [
      h("span", { class: "lens" }, lens),
      answerOf(resolution),
      formatConfidence(resolution.resolution_confidence),
      formatConfidence(resolution.conflict_score),
      statusBadge(resolution.status),
      resolution.winner === null
        ? "—"
        : h(
            "a",
            { href: `#claim-${resolution.winner}`, "data-jump": true, class: "mono" },
            shortId(resolution.winner),
          ),
    ];
  });
  return table(
    ["Lens", "Answer", "Resolution confidence", "Conflict", "Status", "Winning claim"],
    rows,
    "No lens has an answer.",
    `Lens answers for ${predicate}`,
  );
}

function answerOf(resolution: Resolution): Child {
  const value = h("strong", { class: "answer" }, formatValue(resolution.value));
  if (resolution.fallback === "consensus")
    return [value, h("span", { class: "note" }, " (no votes: by consensus)")];
  if (resolution.layers !== undefined && resolution.layers.length > 0) {
    return [
      value,
      h(
        "ul",
        { class: "layers" },
        resolution.layers.map((layer) =>
          h(
            "li",
            {},
            `${layer.tier}: ${formatValue(layer.value)} (${counted(layer.candidates_count, "claim")}, ${layer.status})`,
          ),
        ),
      ),
    ];
  }
  return value;
}
