import type { HeldWrite, QuarantineParameters, StemeClient } from "../../../client/index.ts";
import { h, show } from "../dom.ts";
import { done, errorNotice, fill } from "../feedback.ts";
import { formatConfidence, formatCount, formatTime, formatValue, shortId } from "../format.ts";
import { agentLink, badge, tierBadge } from "../widgets.ts";

type ReviewState = NonNullable<QuarantineParameters["state"]>;
const STATES: readonly ReviewState[] = ["pending", "approved", "rejected", "all"];

/**
 * Quarantine review: the writes the Shield held (a pattern matched, low quality, a flood of near
 * duplicates), each with why, and Approve / Reject with an optional note. An approved write is
 * indexed and readable from then on; a rejected one never is, and its author's trust drops.
 *
 * @example
 * ```ts
 * quarantinePanel(client, signal);
 * ```
 */
export function quarantinePanel(client: StemeClient, signal: AbortSignal): HTMLElement {
  const state = h(
    "select",
    { id: "quarantine-state" },
    STATES.map((s) => h("option", { value: s }, s)),
  );
  const status = h("div", { role: "status" });
  const list = h("div");
  const load = (): void =>
    void fill(list, signal, "held writes", async () => {
      const held = await client.admin.quarantine(
        { state: state.value as ReviewState, limit: "200" },
        { signal },
      );
      return [
        h("p", { "data-stat": "pending" }, `${formatCount(held.pending_count)} pending review.`),
        held.quarantined.length === 0
          ? h("p", { class: "empty" }, `No ${state.value === "all" ? "" : `${state.value} `}writes.`)
          : h(
              "ul",
              { class: "cards" },
              held.quarantined.map((write) => h("li", {}, heldCard(write, decide))),
            ),
      ];
    });
  const decide = async (write: HeldWrite, decision: "approve" | "reject", note: string): Promise<void> => {
    try {
      const body = note.trim() === "" ? {} : { note: note.trim() };
      const decided =
        decision === "approve"
          ? await client.admin.approve(write.hash, body, { signal })
          : await client.admin.reject(write.hash, body, { signal });
      show(
        status,
        done(`${decided.state === "approved" ? "Approved" : "Rejected"} ${shortId(decided.hash)}.`),
      );
      load();
    } catch (error) {
      show(status, errorNotice(error));
    }
  };
  state.addEventListener("change", load);
  load();
  return h(
    "div",
    {},
    h("p", { class: "controls" }, h("label", { for: "quarantine-state" }, "Show "), state),
    status,
    list,
  );
}

function heldCard(
  write: HeldWrite,
  decide: (write: HeldWrite, decision: "approve" | "reject", note: string) => Promise<void>,
): HTMLElement {
  const a = write.assertion;
  const noteId = `note-${write.hash}`;
  const note = h("input", { id: noteId, type: "text", maxlength: 2000, autocomplete: "off" });
  const button = (decision: "approve" | "reject", label: string): HTMLButtonElement =>
    h(
      "button",
      {
        type: "button",
        class: decision === "reject" ? "danger" : "primary",
        on: {
          click: (event) => {
            (event.currentTarget as HTMLButtonElement).disabled = true;
            void decide(write, decision, note.value);
          },
        },
      },
      label,
    );
  return h(
    "article",
    { class: "card", "aria-label": `Held write ${shortId(write.hash)}`, "data-hash": write.hash },
    h(
      "p",
      {},
      badge(write.reason, "warn"),
      " ",
      h("span", { class: "mono" }, shortId(write.hash)),
      " held ",
      formatTime(write.held_at),
      " from ",
      agentLink(write.agent_id),
    ),
    h(
      "p",
      { class: "claim" },
      h("strong", {}, a.concept_path),
      " · ",
      a.predicate,
      " = ",
      h("strong", {}, formatValue(a.value)),
      ` (confidence ${formatConfidence(a.confidence)}, `,
      tierBadge(a.authority_tier),
      ")",
    ),
    write.detail === "" ? null : h("p", { class: "hint" }, write.detail),
    write.state === "pending"
      ? h(
          "div",
          { class: "actions" },
          h("label", { for: noteId }, "Note"),
          note,
          button("approve", "Approve"),
          button("reject", "Reject"),
        )
      : h(
          "p",
          {},
          badge(write.state, write.state === "approved" ? "ok" : "bad"),
          ` ${formatTime(write.decided_at)}${write.decided_by === undefined ? "" : ` by ${write.decided_by}`}${write.note === undefined ? "" : `: ${write.note}`}`,
        ),
  );
}
