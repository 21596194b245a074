import type { ApiKey, StemeClient } from "../../../client/index.ts";
import { h, show } from "../dom.ts";
import { done, errorNotice, fill } from "../feedback.ts";
import { formatTime } from "../format.ts";
import type { ConsoleSession } from "../session.ts";
import { badge, table } from "../widgets.ts";

const TIERS = ["regulatory", "clinical", "observational", "expert", "community", "anecdotal"] as const;
/** How long a Revoke button waits for its confirming second press. */
const CONFIRM_MS = 5_000;

/**
 * API keys: create one (the secret is shown once, here, and never again), list them all, and
 * revoke one (a second press confirms). A new key can also become this console's own API key.
 *
 * @example
 * ```ts
 * apiKeysPanel(session, signal);
 * ```
 */
export function apiKeysPanel(session: ConsoleSession, signal: AbortSignal): HTMLElement {
  const client = session.client;
  const status = h("div", { role: "status" });
  const secret = h("div", { "aria-live": "polite" });
  const list = h("div");
  const load = (): void => void fill(list, signal, "API keys", () => keyTable(client, signal, status, load));

  const agent = h("input", {
    id: "key-agent",
    type: "text",
    maxlength: 128,
    autocomplete: "off",
    spellcheck: "false",
  });
  const name = h("input", { id: "key-name", type: "text", maxlength: 200, autocomplete: "off" });
  const tier = h(
    "select",
    { id: "key-tier" },
    h("option", { value: "" }, "no cap"),
    TIERS.map((t) => h("option", { value: t }, t)),
  );
  const create = async (): Promise<void> => {
    try {
      const created = await client.admin.createApiKey(
        {
          ...(agent.value.trim() === "" ? {} : { agent_id: agent.value.trim() }),
          ...(name.value.trim() === "" ? {} : { name: name.value.trim() }),
          ...(tier.value === "" ? {} : { tier_cap: tier.value }),
        },
        { signal },
      );
      show(status, done(`Created key ${created.id}.`));
      const use = h("button", { type: "button" }, "Use it as this console's API key");
      use.addEventListener("click", () => {
        session.setApiKey(created.key);
        show(status, done(`This console now sends key ${created.id}.`));
      });
      show(
        secret,
        h(
          "div",
          { class: "notice secret" },
          h(
            "p",
            {},
            h("strong", {}, "Copy the secret now: "),
            "the server keeps only its hash and will not show it again.",
          ),
          h("p", {}, h("code", { id: "new-key-secret", class: "wrap" }, created.key)),
          use,
        ),
      );
      agent.value = "";
      name.value = "";
      tier.value = "";
      load();
    } catch (error) {
      show(status, errorNotice(error));
    }
  };
  const field = (control: HTMLElement, id: string, label: string): HTMLElement =>
    h("div", { class: "field" }, h("label", { for: id }, label), control);
  const form = h(
    "form",
    {
      class: "filters",
      on: {
        submit: (event) => {
          event.preventDefault();
          void create();
        },
      },
    },
    field(agent, "key-agent", "Agent (optional)"),
    field(name, "key-name", "Name (optional)"),
    field(tier, "key-tier", "Tier cap"),
    h("button", { type: "submit", class: "primary" }, "Create key"),
  );
  load();
  return h("div", {}, form, status, secret, list);
}

async function keyTable(
  client: StemeClient,
  signal: AbortSignal,
  status: HTMLElement,
  reload: () => void,
): Promise<HTMLElement> {
  const { api_keys: keys } = await client.admin.listApiKeys({ signal });
  const revoke = (key: ApiKey): HTMLElement => {
    if (key.revoked_at !== null) return badge(`revoked ${formatTime(key.revoked_at)}`, "bad");
    const button = h(
      "button",
      { type: "button", class: "danger", "aria-label": `Revoke ${key.id}` },
      "Revoke",
    );
    let armed: ReturnType<typeof setTimeout> | undefined;
    button.addEventListener("click", () => {
      if (armed === undefined) {
        button.textContent = "Press again to revoke";
        armed = setTimeout(() => {
          armed = undefined;
          button.textContent = "Revoke";
        }, CONFIRM_MS);
        return;
      }
      clearTimeout(armed);
      button.disabled = true;
      client.admin.revokeApiKey(key.id, { signal }).then(
        (revoked) => {
          show(status, done(`Revoked key ${revoked.id}.`));
          reload();
        },
        (error: unknown) => {
          show(status, errorNotice(error));
        },
      );
    });
    return button;
  };
  return table(
    ["Key", "Agent", "Name", "Tier cap", "Created", "State"],
    keys.map((key) => [
      h("code", {}, key.id),
      key.agent_id ?? "—",
      key.name ?? "—",
      key.tier_cap ?? "none",
      formatTime(key.created_at),
      revoke(key),
    ]),
    "No API keys yet.",
    "API keys",
  );
}
