import type { Assertion, StemeClient } from "../../../client/index.ts";
import { h } from "../dom.ts";
import { counted, formatCount, formatTime, shortId } from "../format.ts";
import { inParallel } from "../in-parallel.ts";
import { showLookbackPage } from "../lookback-page.ts";
import type { Page } from "../page.ts";
import { recentClaims } from "../recent-claims.ts";
import { registration } from "../source-registration.ts";
import { links } from "../router.ts";
import { badge, sourceLink, table, tierBadge } from "../widgets.ts";

/** Sources listed at most: two calls each. */
const SOURCE_LIMIT = 50;

/**
 * The sources cited by recent claims, each with its retraction state and its impact (how many
 * claims cite it), and a form to open any source by its hash.
 *
 * @example
 * ```ts
 * sourcesPage({ session, signal, main });
 * ```
 */
export const sourcesPage: Page = (context) => {
  const client = context.session.client;
  showLookbackPage(context, {
    title: "Sources",
    hint: "Retracting a source flags every claim citing it (source_retracted) and leaves those claims out of answers unless a query includes retracted sources: the source's impact lists them.",
    opener: openByHash(),
    listTitle: "Sources cited by recent claims",
    what: "sources",
    lookbackId: "sources-lookback",
    rows: (days, signal) => sourceRows(client, days, signal),
  });
};

async function sourceRows(
  client: StemeClient,
  days: number | undefined,
  signal: AbortSignal,
): Promise<HTMLElement> {
  const claims = await recentClaims(client, days, signal);
  const hashes = [...new Set(claims.flatMap((c) => (c.source?.hash === undefined ? [] : [c.source.hash])))];
  const uriOnly = claims.filter((c) => c.source !== undefined && c.source.hash === undefined).length;
  const shown = hashes.slice(0, SOURCE_LIMIT);
  const sources = await inParallel(shown, 6, async (hash) => {
    const [info, impact] = await Promise.all([
      registration(client, hash, signal),
      client.sourceImpact(hash, { signal }),
    ]);
    return { hash, info, impact, uri: uriOf(claims, hash) };
  });
  return h(
    "div",
    {},
    table(
      ["Source", "Tier", "Registered", "State", "Claims citing it", "Retraction"],
      sources.map(({ hash, info, impact, uri }) => [
        sourceLink(hash, info?.source?.title ?? info?.source?.uri ?? uri ?? shortId(hash)),
        info?.source?.authority_tier === undefined ? "—" : tierBadge(info.source.authority_tier),
        info?.source === null || info?.source === undefined
          ? "not registered"
          : formatTime(info.source.timestamp),
        impact.retracted ? badge("retracted", "bad") : badge("active", "ok"),
        formatCount(impact.assertion_count),
        info?.retractions[0]?.reason ?? "—",
      ]),
      "No claims in this period cite a source by its hash.",
      "Sources",
    ),
    hashes.length > SOURCE_LIMIT
      ? h(
          "p",
          { class: "hint" },
          `The first ${SOURCE_LIMIT} of ${formatCount(hashes.length)} sources are listed.`,
        )
      : null,
    uriOnly > 0
      ? h(
          "p",
          { class: "hint" },
          `${counted(uriOnly, "claim")} cite a source by URI only; a source is looked up and retracted by its hash.`,
        )
      : null,
  );
}

function uriOf(claims: readonly Assertion[], hash: string): string | undefined {
  return claims.find((c) => c.source?.hash === hash && c.source.uri !== undefined)?.source?.uri;
}

function openByHash(): HTMLElement {
  const input = h("input", {
    id: "source-hash",
    type: "text",
    inputmode: "text",
    pattern: "[0-9a-fA-F]{64}",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
    "aria-describedby": "source-hash-hint",
  });
  return h(
    "form",
    {
      class: "inline-form",
      on: {
        submit: (event) => {
          event.preventDefault();
          if (input.checkValidity()) location.hash = links.source(input.value.trim().toLowerCase());
        },
      },
    },
    h("label", { for: "source-hash" }, "Open a source by its hash"),
    input,
    h("button", { type: "submit" }, "Open"),
    h(
      "span",
      { id: "source-hash-hint", class: "hint" },
      "64 hex characters: the BLAKE3 of the source's content.",
    ),
  );
}
