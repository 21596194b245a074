import type { Breaker, StemeClient } from "../../../client/index.ts";
import { breakerState } from "../agent-card.ts";
import { h, show } from "../dom.ts";
import { done, errorNotice, fill } from "../feedback.ts";
import { formatCount, formatTime, shortId } from "../format.ts";
import { agentLink, stats, table } from "../widgets.ts";

type BreakerAction = "ban" | "unban" | "reset";

/**
 * Circuit breakers: how many agents are refused, the breakers worth a look (open, half-open,
 * banned, or with recent failures) with Ban, Unban and Reset, and a form to ban any agent.
 *
 * @example
 * ```ts
 * breakersPanel(client, signal);
 * ```
 */
export function breakersPanel(client: StemeClient, signal: AbortSignal): HTMLElement {
  const status = h("div", { role: "status" });
  const list = h("div");
  const act = async (agentId: string, action: BreakerAction): Promise<void> => {
    try {
      const breaker =
        action === "ban"
          ? await client.admin.ban(agentId, { signal })
          : action === "unban"
            ? await client.admin.unban(agentId, { signal })
            : await client.admin.resetBreaker(agentId, { signal });
      const what = action === "ban" ? "Banned" : action === "unban" ? "Unbanned" : "Reset the breaker of";
      show(
        status,
        done(`${what} ${shortId(breaker.agent_id)}: ${breaker.banned ? "banned" : breaker.state}.`),
      );
      load();
    } catch (error) {
      show(status, errorNotice(error));
    }
  };
  const button = (agentId: string, action: BreakerAction, label: string): HTMLButtonElement =>
    h(
      "button",
      {
        type: "button",
        class: action === "ban" ? "danger" : "",
        "aria-label": `${label} ${agentId}`,
        on: { click: () => void act(agentId, action) },
      },
      label,
    );
  const load = (): void =>
    void fill(list, signal, "circuit breakers", async () => {
      const { circuit_breakers: breakers, counts } = await client.admin.circuitBreakers({ signal });
      return [
        stats([
          ["breakers-open", "Open", formatCount(counts.OPEN)],
          ["breakers-half-open", "Half-open", formatCount(counts.HALF_OPEN)],
          ["breakers-closed", "Closed with failures", formatCount(counts.CLOSED)],
        ]),
        table(
          ["Agent", "State", "Failures", "Last failure", "Retry at", "Refused", "Actions"],
          breakers.map((b: Breaker) => [
            agentLink(b.agent_id),
            breakerState(b),
            formatCount(b.failures),
            formatTime(b.last_failure),
            formatTime(b.retry_at),
            formatCount(b.rejected),
            h(
              "span",
              { class: "actions" },
              b.banned ? button(b.agent_id, "unban", "Unban") : button(b.agent_id, "ban", "Ban"),
              button(b.agent_id, "reset", "Reset"),
            ),
          ]),
          "No breaker is open, half-open or banned, and no agent failed lately.",
          "Circuit breakers",
        ),
      ];
    });

  const agent = h("input", {
    id: "ban-agent",
    type: "text",
    required: true,
    maxlength: 128,
    autocomplete: "off",
    spellcheck: "false",
  });
  const banForm = h(
    "form",
    {
      class: "inline-form",
      on: {
        submit: (event) => {
          event.preventDefault();
          if (agent.value.trim() !== "") void act(agent.value.trim(), "ban").then(() => (agent.value = ""));
        },
      },
    },
    h("label", { for: "ban-agent" }, "Ban an agent"),
    agent,
    h("button", { type: "submit", class: "danger" }, "Ban"),
  );
  load();
  return h("div", {}, banForm, status, list);
}
