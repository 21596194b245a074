import { h, show } from "./dom.ts";
import { NAVIGATION } from "./navigation.ts";
import type { PageContext } from "./page.ts";
import { adminPage } from "./pages/admin-page.ts";
import { agentPage } from "./pages/agent-page.ts";
import { agentsPage } from "./pages/agents-page.ts";
import { auditPage } from "./pages/audit-page.ts";
import { auditQueryPage } from "./pages/audit-query-page.ts";
import { conceptPage } from "./pages/concept-page.ts";
import { conceptsPage } from "./pages/concepts-page.ts";
import { overviewPage } from "./pages/overview-page.ts";
import { settingsPage } from "./pages/settings-page.ts";
import { sourcePage } from "./pages/source-page.ts";
import { sourcesPage } from "./pages/sources-page.ts";
import { parseRoute, type Route } from "./router.ts";
import type { ConsoleSession } from "./session.ts";
import { installShortcuts, shortcutsDialog } from "./shortcuts.ts";
import { pageTitle } from "./widgets.ts";

/**
 * The console: a header with the navigation, the page of the current route (`location.hash`),
 * and the keyboard shortcuts. Leaving a page aborts its signal, which stops its requests, timers
 * and streams; after a navigation, focus moves to the new page's heading.
 *
 * @example
 * ```ts
 * new ConsoleApp(document.getElementById("console")!, new ConsoleSession(sessionStorage, location.href)).start();
 * ```
 */
export class ConsoleApp {
  readonly #root: HTMLElement;
  readonly #session: ConsoleSession;
  readonly #main = h("main", { id: "main", tabindex: -1 });
  readonly #nav = h("nav", { "aria-label": "Console" });
  #current: AbortController | undefined;
  /** An element id to focus after the next page renders, instead of its heading. */
  #focusNext: string | undefined;

  constructor(root: HTMLElement, session: ConsoleSession) {
    this.#root = root;
    this.#session = session;
  }

  /** Renders the frame and the current page, and follows navigations from then on. */
  start(): void {
    // Each page is rendered anew from the server's data: a reload starts at the top, like a
    // navigation, rather than at a scroll position that belonged to the content before it.
    history.scrollRestoration = "manual";
    const dialog = shortcutsDialog();
    show(
      this.#root,
      h("a", { class: "skip", href: "#main", "data-jump": true }, "Skip to content"),
      h(
        "header",
        { class: "top" },
        h("a", { class: "brand", href: "#/" }, "StemeDB"),
        this.#nav,
        h(
          "button",
          {
            type: "button",
            class: "help",
            "aria-haspopup": "dialog",
            "aria-keyshortcuts": "?",
            on: {
              click: () => {
                dialog.showModal();
              },
            },
          },
          "Shortcuts ?",
        ),
      ),
      this.#main,
      dialog,
    );
    show(
      this.#nav,
      h(
        "ul",
        {},
        NAVIGATION.map((item) =>
          h(
            "li",
            {},
            h(
              "a",
              { href: item.href, "aria-keyshortcuts": `g ${item.key}`, "data-covers": item.covers.join(" ") },
              item.label,
            ),
          ),
        ),
      ),
    );
    window.addEventListener("hashchange", () => {
      this.#render(true);
    });
    // In-page links (`#claim-…`, `#main`) scroll and focus without changing the route.
    this.#root.addEventListener("click", (event) => {
      const link = event.target instanceof Element ? event.target.closest("a[data-jump]") : null;
      if (link === null) return;
      event.preventDefault();
      jumpTo((link.getAttribute("href") ?? "").slice(1));
    });
    installShortcuts(document, {
      search: () => {
        const search = document.getElementById("concept-search");
        if (search !== null) search.focus();
        else {
          this.#focusNext = "concept-search";
          location.hash = "#/concepts";
        }
      },
      go: (href) => {
        location.hash = href;
      },
      help: () => {
        dialog.showModal();
      },
    });
    this.#render(false);
  }

  #render(navigated: boolean): void {
    this.#current?.abort();
    const controller = new AbortController();
    this.#current = controller;
    const route = parseRoute(location.hash);
    for (const link of this.#nav.querySelectorAll("a")) {
      const current = (link.dataset["covers"] ?? "").split(" ").includes(route.kind);
      if (current) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    const context: PageContext = {
      session: this.#session,
      signal: controller.signal,
      main: this.#main,
      refresh: () => {
        this.#render(true);
      },
    };
    showRoute(context, route);
    const heading = document.getElementById("page-title");
    document.title = `${heading?.textContent ?? "StemeDB"} · StemeDB console`;
    if (navigated) {
      const focus = this.#focusNext === undefined ? heading : document.getElementById(this.#focusNext);
      this.#focusNext = undefined;
      focus?.focus();
      window.scrollTo(0, 0);
    }
  }
}

function showRoute(context: PageContext, route: Route): void {
  switch (route.kind) {
    case "overview": {
      overviewPage(context);
      return;
    }
    case "concepts": {
      conceptsPage(context);
      return;
    }
    case "concept": {
      conceptPage(context, route.path, route.asOf);
      return;
    }
    case "sources": {
      sourcesPage(context);
      return;
    }
    case "source": {
      sourcePage(context, route.hash);
      return;
    }
    case "audit": {
      auditPage(context);
      return;
    }
    case "audit-query": {
      auditQueryPage(context, route.queryId);
      return;
    }
    case "agents": {
      agentsPage(context);
      return;
    }
    case "agent": {
      agentPage(context, route.agentId);
      return;
    }
    case "admin": {
      adminPage(context);
      return;
    }
    case "settings": {
      settingsPage(context);
      return;
    }
    case "not-found":
      show(
        context.main,
        pageTitle("Not found"),
        h(
          "p",
          {},
          `The console has no page at ${route.hash}. `,
          h("a", { href: "#/" }, "Go to the overview"),
          ".",
        ),
      );
  }
}

/** Scrolls to the element with this id and focuses it, briefly highlighted. */
function jumpTo(id: string): void {
  const target = document.getElementById(id);
  if (target === null) return;
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
  target.classList.add("jumped");
  setTimeout(() => {
    target.classList.remove("jumped");
  }, 2_000);
}
