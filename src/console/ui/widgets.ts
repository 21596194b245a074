import { h, type Child } from "./dom.ts";
import { shortId } from "./format.ts";
import { links } from "./router.ts";

// Small building blocks every page uses, so that pages read as what they show.

/**
 * The page's heading. Focus moves to it after a navigation, so keyboard and screen-reader users
 * start reading at the new content (it takes focus from scripts only: `tabindex=-1`).
 *
 * @example
 * ```ts
 * show(main, pageTitle("Sources"), table);
 * ```
 */
export function pageTitle(title: string, ...after: Child[]): HTMLElement {
  return h("header", { class: "page-header" }, h("h1", { id: "page-title", tabindex: -1 }, title), after);
}

let sectionCount = 0;

/**
 * A titled section of a page, labelled by its heading for assistive technology.
 *
 * @example
 * ```ts
 * section("Recent queries", auditTable);
 * ```
 */
export function section(title: Child, ...children: Child[]): HTMLElement {
  const id = `section-${++sectionCount}`;
  return h("section", { "aria-labelledby": id }, h("h2", { id }, title), children);
}

/**
 * A table inside a scrolling box (wide tables scroll sideways on a phone instead of squeezing),
 * with column headers, or the `empty` line when there are no rows.
 *
 * @example
 * ```ts
 * table(["Agent", "Trust"], agents.map((a) => [agentLink(a.agent_id), formatConfidence(a.trust)]), "No agents");
 * ```
 */
export function table(
  headers: readonly string[],
  rows: readonly (readonly Child[])[],
  empty: string,
  label?: string,
): HTMLElement {
  if (rows.length === 0) return h("p", { class: "empty" }, empty);
  return h(
    "div",
    { class: "table-scroll", tabindex: 0, role: "region", "aria-label": label ?? headers.join(", ") },
    h(
      "table",
      {},
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          headers.map((header) => h("th", { scope: "col" }, header)),
        ),
      ),
      h(
        "tbody",
        {},
        rows.map((row) =>
          h(
            "tr",
            {},
            row.map((cell) => h("td", {}, cell)),
          ),
        ),
      ),
    ),
  );
}

/**
 * A list of named figures (`<dl>`), each marked with `data-stat` for styling and tests.
 *
 * @example
 * ```ts
 * stats([["assertions", "Assertions stored", formatCount(health.assertion_count)]]);
 * ```
 */
export function stats(items: readonly (readonly [id: string, label: string, value: Child])[]): HTMLElement {
  return h(
    "dl",
    { class: "stats" },
    items.map(([id, label, value]) =>
      h("div", { class: "stat" }, h("dt", {}, label), h("dd", { "data-stat": id }, value)),
    ),
  );
}

/**
 * A horizontal bar for a share in 0..1, with its meaning as the accessible label.
 *
 * @example
 * ```ts
 * bar(0.67, "67% of the weight");
 * ```
 */
export function bar(share: number, label: string): HTMLElement {
  const fill = h("span", { class: "bar-fill" });
  // Set through the CSSOM: the CSP forbids inline style attributes, not style properties.
  fill.style.width = `${Math.max(0, Math.min(1, share)) * 100}%`;
  return h("span", { class: "bar", role: "img", "aria-label": label }, fill);
}

/**
 * A short label in a coloured pill: a status, a flag, a state.
 *
 * @example
 * ```ts
 * badge("contested", "warn");
 * ```
 */
export function badge(text: string, tone: "ok" | "warn" | "bad" | "info" = "info"): HTMLElement {
  return h("span", { class: `badge ${tone}` }, text);
}

/**
 * An authority tier by name (`regulatory` … `anecdotal`), coloured by its rank.
 *
 * @example
 * ```ts
 * tierBadge("regulatory");
 * ```
 */
export function tierBadge(tier: string): HTMLElement {
  return h("span", { class: `tier tier-${tier}` }, tier);
}

/**
 * A link to an agent's page, with the agent id shortened when it is a 64-hex key.
 *
 * @example
 * ```ts
 * agentLink(assertion.agent_id);
 * ```
 */
export function agentLink(agentId: string): HTMLElement {
  return h("a", { href: links.agent(agentId), title: agentId, class: "mono" }, shortId(agentId));
}

/**
 * A link to a concept's page.
 *
 * @example
 * ```ts
 * conceptLink("drugs/aspirin");
 * ```
 */
export function conceptLink(path: string, asOf?: string): HTMLElement {
  return h("a", { href: links.concept(path, asOf) }, path);
}

/**
 * A link to a source's page, named by its URI or title when known.
 *
 * @example
 * ```ts
 * sourceLink(source.hash, source.uri);
 * ```
 */
export function sourceLink(hash: string, name?: string): HTMLElement {
  return h("a", { href: links.source(hash), title: hash }, name ?? shortId(hash));
}

/**
 * A status of a resolution (`unanimous`, `agreed`, `contested`) as a badge.
 *
 * @example
 * ```ts
 * statusBadge(resolution.status);
 * ```
 */
export function statusBadge(status: string): HTMLElement {
  return badge(status, status === "contested" ? "warn" : status === "unanimous" ? "ok" : "info");
}
