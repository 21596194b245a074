import type { StemeClient } from "../../../client/index.ts";
import { h, show } from "../dom.ts";
import { fill } from "../feedback.ts";
import { formatConfidence, formatTime, formatValue, shortId } from "../format.ts";
import { agentLink, table, tierBadge } from "../widgets.ts";
import { LENS_NAMES } from "../../../model/lens-names.ts";

/**
 * "What changed since": the claims made under a concept since an instant, and the predicates
 * whose winner is different now, through the lens the user picks (`GET /v1/changes`).
 *
 * @example
 * ```ts
 * changesView(client, "drugs/aspirin", "2026-01-01T00:00:00.000Z", signal);
 * ```
 */
export function changesView(
  client: StemeClient,
  path: string,
  since: string,
  signal: AbortSignal,
): HTMLElement {
  const lens = h(
    "select",
    { id: "changes-lens" },
    LENS_NAMES.filter((name) => name !== "skeptic").map((name) => h("option", { value: name }, name)),
  );
  const region = h("div", { "aria-live": "polite" });
  const load = (): void =>
    void fill(region, signal, "changes", async () => {
      const changes = await client.changes(
        { concept_path: path, since, lens: lens.value, limit: "1000" },
        { signal },
      );
      return [
        h("h3", {}, `Winners that changed (${lens.value})`),
        table(
          ["Predicate", "Then", "Now"],
          changes.changed_winners.map((c) => [
            c.predicate,
            c.before === null
              ? "no claim"
              : [formatValue(c.before.value), " ", h("span", { class: "mono note" }, shortId(c.before.hash))],
            c.after === null
              ? "no claim"
              : [
                  h("strong", {}, formatValue(c.after.value)),
                  " ",
                  h("span", { class: "mono note" }, shortId(c.after.hash)),
                ],
          ]),
          "No winner changed.",
          "Winners that changed",
        ),
        h("h3", {}, `New claims (${changes.new_assertions.length})`),
        table(
          ["Made", "Predicate", "Value", "Confidence", "Tier", "Agent"],
          [...changes.new_assertions]
            .sort((a, b) => b.timestamp.localeCompare(a.timestamp))
            .map((a) => [
              formatTime(a.timestamp),
              a.predicate,
              formatValue(a.value),
              formatConfidence(a.confidence),
              tierBadge(a.authority_tier),
              agentLink(a.agent_id),
            ]),
          "No new claims.",
          "New claims",
        ),
      ];
    });
  lens.addEventListener("change", () => {
    show(region);
    load();
  });
  load();
  return h(
    "div",
    { class: "changes" },
    h(
      "p",
      {},
      `Since ${formatTime(since)}, compared with now. `,
      h("label", { for: "changes-lens" }, "Winners through the lens "),
      lens,
    ),
    region,
  );
}
