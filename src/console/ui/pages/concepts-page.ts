import type { StemeClient } from "../../../client/index.ts";
import { searchConcepts, SEARCH_BUDGET } from "../concept-search.ts";
import { h, show } from "../dom.ts";
import { errorNotice, fill } from "../feedback.ts";
import { counted, formatCount } from "../format.ts";
import type { Page } from "../page.ts";
import { links } from "../router.ts";
import { pageTitle, section } from "../widgets.ts";

const SEARCH_DELAY_MS = 250;

/**
 * The concept browser: a search over concept paths and the concept tree, opened level by level.
 * Every concept links to its page.
 *
 * @example
 * ```ts
 * conceptsPage({ session, signal, main });
 * ```
 */
export const conceptsPage: Page = ({ session, signal, main }) => {
  const client = session.client;
  const input = h("input", {
    id: "concept-search",
    type: "search",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "aspirin, drugs/asp, code://python…",
    "aria-describedby": "concept-search-hint",
  });
  const results = h("div", { id: "concept-search-results", "aria-live": "polite" });
  const tree = h("div");
  let searching: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstMatch: string | undefined;

  const search = (): void => {
    searching?.abort();
    const term = input.value.trim();
    firstMatch = undefined;
    if (term === "") {
      show(results);
      return;
    }
    const controller = new AbortController();
    searching = controller;
    const stop = AbortSignal.any([signal, controller.signal]);
    void fill(results, stop, "matches", async () => {
      const found = await searchConcepts(client, term, stop);
      firstMatch = found.matches[0]?.concept_path;
      const summary = found.complete
        ? `${counted(found.matches.length, "concept")} match “${term}”.`
        : `${counted(found.matches.length, "concept")} match “${term}” in the first ${SEARCH_BUDGET} levels read; type more of the path (drugs/asp…) to search deeper.`;
      return [
        h("p", { class: "hint" }, summary),
        h(
          "ul",
          { class: "matches" },
          found.matches.map((m) =>
            h("li", {}, h("a", { href: links.concept(m.concept_path) }, m.concept_path), " ", counts(m)),
          ),
        ),
      ];
    });
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, SEARCH_DELAY_MS);
  });
  signal.addEventListener(
    "abort",
    () => {
      clearTimeout(timer);
    },
    { once: true },
  );
  const form = h(
    "form",
    {
      role: "search",
      class: "search",
      on: {
        submit: (event) => {
          // Enter opens the first match, or the path as typed.
          event.preventDefault();
          const typed = input.value.trim();
          if (typed !== "") location.hash = links.concept(firstMatch ?? typed);
        },
      },
    },
    h("label", { for: "concept-search" }, "Search concepts"),
    input,
    h(
      "p",
      { id: "concept-search-hint", class: "hint" },
      "Press / on any page to search; Enter opens the first match.",
    ),
  );

  show(main, pageTitle("Concepts"), form, results, section("Concept tree", tree));
  void fill(tree, signal, "the concept tree", () => treeLevel(client, "", signal));
};

/** One level of the tree: its children, each with a button that opens the level below. */
async function treeLevel(client: StemeClient, prefix: string, signal: AbortSignal): Promise<HTMLElement> {
  const node = await client.concepts({ prefix }, { signal });
  const predicates =
    node.predicates.length === 0
      ? null
      : h(
          "li",
          { class: "predicates" },
          "Predicates here: ",
          node.predicates.map((p, i) => [
            i > 0 ? ", " : "",
            `${p.predicate} (${formatCount(p.assertion_count)})`,
          ]),
        );
  if (node.children.length === 0 && predicates === null)
    return h("p", { class: "empty" }, "Nothing stored yet.");
  return h(
    "ul",
    { class: "tree" },
    predicates,
    node.children.map((child) => {
      const below = h("div", { class: "subtree" });
      const toggle = h(
        "button",
        {
          type: "button",
          class: "toggle",
          "aria-expanded": "false",
          "aria-label": `Open ${child.concept_path}`,
        },
        "▸",
      );
      toggle.addEventListener("click", () => {
        const open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        toggle.textContent = open ? "▾" : "▸";
        below.hidden = !open;
        if (open && below.childElementCount === 0) {
          treeLevel(client, child.concept_path, signal).then(
            (level) => {
              show(below, level);
            },
            (error: unknown) => {
              if (!signal.aborted) show(below, errorNotice(error));
            },
          );
        }
      });
      return h(
        "li",
        {},
        toggle,
        " ",
        h("a", { href: links.concept(child.concept_path) }, child.name),
        " ",
        counts(child),
        below,
      );
    }),
  );
}

function counts(child: { readonly assertion_count: number; readonly pair_count: number }): HTMLElement {
  return h(
    "span",
    { class: "counts" },
    `${counted(child.assertion_count, "claim")} · ${counted(child.pair_count, "pair")}`,
  );
}
