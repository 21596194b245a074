import { apiKeysPanel } from "../admin/api-keys-panel.ts";
import { breakersPanel } from "../admin/breakers-panel.ts";
import { quarantinePanel } from "../admin/quarantine-panel.ts";
import { h, show } from "../dom.ts";
import type { Page } from "../page.ts";
import { pageTitle, section } from "../widgets.ts";

/**
 * Administration, with the admin token: quarantine review, circuit breakers and API keys. The
 * token is asked for here and kept in this tab's `sessionStorage` only.
 *
 * @example
 * ```ts
 * adminPage({ session, signal, main, refresh });
 * ```
 */
export const adminPage: Page = ({ session, signal, main, refresh }) => {
  const token = session.adminToken;
  if (token === undefined) {
    show(
      main,
      pageTitle("Admin"),
      tokenForm((value) => {
        session.setAdminToken(value);
        refresh();
      }),
    );
    return;
  }
  const forget = h(
    "button",
    {
      type: "button",
      on: {
        click: () => {
          session.setAdminToken(undefined);
          refresh();
        },
      },
    },
    "Forget the admin token",
  );
  show(
    main,
    pageTitle("Admin", h("p", { class: "hint" }, "The admin token is kept in this tab only. ", forget)),
    section("Quarantine review", quarantinePanel(session.client, signal)),
    section("Circuit breakers", breakersPanel(session.client, signal)),
    section("API keys", apiKeysPanel(session, signal)),
  );
};

function tokenForm(use: (token: string) => void): HTMLElement {
  const input = h("input", {
    id: "admin-token",
    type: "password",
    required: true,
    autocomplete: "off",
    "aria-describedby": "admin-token-hint",
  });
  return h(
    "form",
    {
      class: "inline-form",
      on: {
        submit: (event) => {
          event.preventDefault();
          if (input.value.trim() !== "") use(input.value);
        },
      },
    },
    h("label", { for: "admin-token" }, "Admin token"),
    input,
    h("button", { type: "submit", class: "primary" }, "Use token"),
    h(
      "p",
      { id: "admin-token-hint", class: "hint" },
      "STEMEDB_ADMIN_TOKEN, or the admin-token file the server wrote into its data directory on first start. It is kept in this tab's session storage and sent to this server only.",
    ),
  );
}
