import type { StemeClient } from "../../../client/index.ts";
import { changesView } from "../concept/changes-view.ts";
import { claimsTable } from "../concept/claims-table.ts";
import {
  CLAIM_LIMIT,
  TRACE_LIMIT,
  loadSnapshot,
  predicatesOf,
  type ConceptSnapshot,
} from "../concept/concept-snapshot.ts";
import { lensAnswers } from "../concept/lens-answers.ts";
import { skepticView } from "../concept/skeptic-view.ts";
import { timeTravel, timelineStops } from "../concept/time-travel.ts";
import { h, show, type Child } from "../dom.ts";
import { errorNotice, fill } from "../feedback.ts";
import { counted, formatCount, formatTime } from "../format.ts";
import type { PageContext } from "../page.ts";
import { links } from "../router.ts";
import { conceptLink, pageTitle, section } from "../widgets.ts";

const RELOAD_DELAY_MS = 250;

/**
 * A concept's page: every claim about each of its predicates, the answer of every lens side by
 * side, the skeptic's view, a time-travel slider that shows all of it as of an earlier instant,
 * and what changed since that instant. The instant is kept in the URL (`?as_of=`), so a view can
 * be shared.
 *
 * @example
 * ```ts
 * conceptPage(context, "drugs/aspirin", undefined);
 * ```
 */
export function conceptPage(
  { session, signal, main }: PageContext,
  path: string,
  asOf: string | undefined,
): void {
  const client = session.client;
  const below = h("div");
  const travel = h("div");
  const body = h("div", { id: "concept-body" });
  const changes = h("div");
  show(
    main,
    pageTitle(path, breadcrumbs(path)),
    below,
    section("Time travel", travel),
    body,
    section("What changed since", changes),
  );
  void fill(below, signal, "the concepts below", () => childrenOf(client, path, signal));

  let current: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  signal.addEventListener(
    "abort",
    () => {
      clearTimeout(timer);
    },
    { once: true },
  );
  const showAt = (at: string | undefined): void => {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    const stop = AbortSignal.any([signal, controller.signal]);
    void fill(body, stop, "claims and answers", async () =>
      render(await loadSnapshot(client, path, at, stop)),
    );
    show(
      changes,
      at === undefined
        ? h(
            "p",
            { class: "hint" },
            "Move the time-travel slider into the past to see what changed since then.",
          )
        : changesView(client, path, justAfter(at), stop),
    );
  };

  // The slider's stops are the instants of every claim, read once; the rest follows the slider.
  void fill(travel, signal, "the timeline", async () => {
    const all = await client.query(
      { concept_path: path, include_retracted: true, limit: CLAIM_LIMIT },
      { signal },
    );
    const stops = timelineStops(
      all.assertions.map((claim) => claim.timestamp),
      asOf,
    );
    return timeTravel(stops, asOf, (at) => {
      // Kept in the URL without a navigation: the page stays, and the link can be shared.
      history.replaceState(null, "", links.concept(path, at));
      clearTimeout(timer);
      timer = setTimeout(() => {
        showAt(at);
      }, RELOAD_DELAY_MS);
    });
  });
  showAt(asOf);
}

function render(snapshot: ConceptSnapshot): Child {
  const predicates = predicatesOf(snapshot);
  const when = snapshot.asOf === undefined ? "now" : `as of ${formatTime(snapshot.asOf)}`;
  if (predicates.length === 0) {
    return h("p", { class: "empty" }, `No claims about ${snapshot.path} itself ${when}.`);
  }
  const claimCount = snapshot.claims.assertions.length;
  return [
    h(
      "p",
      { class: "hint" },
      `${counted(claimCount, "claim")} about ${counted(predicates.length, "predicate")}, ${when}.`,
      snapshot.claims.truncated ? ` Only the first ${formatCount(CLAIM_LIMIT)} claims are listed.` : "",
      claimCount > TRACE_LIMIT ? ` Votes and signers' trust are shown for the newest ${TRACE_LIMIT}.` : "",
    ),
    predicates.map((predicate) =>
      h(
        "section",
        { class: "predicate", "aria-label": `Predicate ${predicate}`, "data-predicate": predicate },
        h("h2", {}, h("span", { class: "note" }, "predicate "), predicate),
        h("h3", {}, "Lens answers"),
        lensAnswers(snapshot, predicate),
        h("h3", {}, "Skeptic view"),
        skepticView(snapshot, predicate),
        h("h3", {}, "Claims"),
        claimsTable(snapshot, predicate),
      ),
    ),
  ];
}

/** Links to each ancestor of a path: `drugs / aspirin` for `drugs/aspirin`. */
function breadcrumbs(path: string): HTMLElement {
  const parts = path.split("/");
  const crumbs: Child[] = [h("a", { href: "#/concepts" }, "Concepts")];
  for (let i = 1; i < parts.length; i++) {
    const ancestor = parts.slice(0, i).join("/");
    // `code://python` keeps its scheme's empty segment: only real ancestors get a link.
    if (ancestor.endsWith(":") || ancestor.endsWith("/")) continue;
    crumbs.push(" / ", conceptLink(ancestor));
  }
  return h("nav", { "aria-label": "Breadcrumbs", class: "breadcrumbs" }, crumbs);
}

/** The concepts one level below this one, as links, or nothing when there are none. */
async function childrenOf(client: StemeClient, path: string, signal: AbortSignal): Promise<Child> {
  try {
    const node = await client.concepts({ prefix: path }, { signal });
    if (node.children.length === 0) return null;
    return h(
      "p",
      { class: "below" },
      "Below: ",
      node.children.map((child, i) => [
        i > 0 ? ", " : "",
        conceptLink(child.concept_path),
        ` (${formatCount(child.assertion_count)})`,
      ]),
    );
  } catch (error) {
    return errorNotice(error);
  }
}

/** The instant 1 ms after `time`: claims made at `time` belong to the view as of it, not to what came since. */
function justAfter(time: string): string {
  return new Date(new Date(time).getTime() + 1).toISOString();
}
