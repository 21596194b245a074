import { h, show } from "../dom.ts";
import { done } from "../feedback.ts";
import type { Page } from "../page.ts";
import { pageTitle, section } from "../widgets.ts";

/**
 * The connection settings: the API key the console sends with every API call, for servers with
 * authentication on (`STEMEDB_AUTH_ENABLED=true`). Kept in this tab's `sessionStorage` only.
 *
 * @example
 * ```ts
 * settingsPage({ session, signal, main, refresh });
 * ```
 */
export const settingsPage: Page = ({ session, main }) => {
  const status = h("div", { role: "status" });
  const input = h("input", {
    id: "api-key",
    type: "password",
    autocomplete: "off",
    "aria-describedby": "api-key-hint",
  });
  const describe = (): string =>
    session.apiKey === undefined
      ? "No API key is set: calls go without one."
      : "An API key is set for this tab.";
  const state = h("p", { "data-stat": "api-key-state" }, describe());
  const save = (key: string | undefined, message: string): void => {
    session.setApiKey(key);
    input.value = "";
    state.textContent = describe();
    show(status, done(message));
  };
  show(
    main,
    pageTitle("Settings"),
    section(
      "API key",
      state,
      h(
        "form",
        {
          class: "inline-form",
          on: {
            submit: (event) => {
              event.preventDefault();
              if (input.value.trim() !== "")
                save(input.value, "Saved: the console sends this key from now on.");
            },
          },
        },
        h("label", { for: "api-key" }, "API key"),
        input,
        h("button", { type: "submit", class: "primary" }, "Save key"),
        h(
          "button",
          {
            type: "button",
            on: {
              click: () => {
                save(undefined, "Forgotten: calls go without a key.");
              },
            },
          },
          "Forget key",
        ),
      ),
      h(
        "p",
        { id: "api-key-hint", class: "hint" },
        "Needed when the server has authentication on (STEMEDB_AUTH_ENABLED=true); an admin creates keys on the Admin page. The key is kept in this tab's session storage and sent to this server only, as Authorization: Bearer.",
      ),
      status,
    ),
  );
};
