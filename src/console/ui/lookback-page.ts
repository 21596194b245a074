import { h, show } from "./dom.ts";
import { fill } from "./feedback.ts";
import type { PageContext } from "./page.ts";
import { lookbackSelect } from "./recent-claims.ts";
import { pageTitle, section } from "./widgets.ts";

/** What a page listing what recent claims mention (sources, agents) shows. */
export interface LookbackPage {
  readonly title: string;
  /** A sentence on what the listed things are and how they behave. */
  readonly hint: string;
  /** A form to open one by its id, above the list. */
  readonly opener: HTMLElement;
  readonly listTitle: string;
  /** Names the list's loading and its errors, e.g. "sources". */
  readonly what: string;
  /** The id of the lookback control. */
  readonly lookbackId: string;
  /** The list for claims made in the last `days` days (every claim when undefined). */
  readonly rows: (days: number | undefined, signal: AbortSignal) => Promise<HTMLElement>;
}

const INITIAL_DAYS = 30;

/**
 * Shows a page of things recent claims mention: its title, a hint, an opener, and a list that
 * reloads when the lookback changes.
 *
 * @example
 * ```ts
 * showLookbackPage({ signal, main }, { title: "Sources", hint, opener, listTitle: "Sources cited by recent claims",
 *   what: "sources", lookbackId: "sources-lookback", rows: (days, signal) => sourceRows(client, days, signal) });
 * ```
 */
export function showLookbackPage(
  { signal, main }: Pick<PageContext, "signal" | "main">,
  page: LookbackPage,
): void {
  const list = h("div");
  const load = (days: number | undefined): void => {
    void fill(list, signal, page.what, () => page.rows(days, signal));
  };
  show(
    main,
    pageTitle(page.title),
    h("p", { class: "hint" }, page.hint),
    page.opener,
    section(page.listTitle, lookbackSelect(page.lookbackId, INITIAL_DAYS, load), list),
  );
  load(INITIAL_DAYS);
}
