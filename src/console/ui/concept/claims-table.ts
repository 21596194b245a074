import type { Candidate, Trace } from "../../../client/index.ts";
import { h, type Child } from "../dom.ts";
import { formatConfidence, formatTime, formatValue, shortId } from "../format.ts";
import { agentLink, badge, sourceLink, tierBadge } from "../widgets.ts";
import type { ConceptSnapshot } from "./concept-snapshot.ts";

const HEADERS = [
  "Value",
  "Confidence",
  "Effective",
  "Tier",
  "Source",
  "Author (trust)",
  "Signers",
  "Votes",
  "Made",
  "Notes",
] as const;

/**
 * Every claim about one predicate, newest first: the value, the author's confidence and the
 * confidence left after decay, the tier, the source (flagged when retracted), the author and
 * co-signers with their trust, the votes, when it was made, and its lifecycle, epoch and parent.
 * Each row has the id `claim-<hash>`, so the lens answers can link to their winners.
 *
 * @example
 * ```ts
 * claimsTable(snapshot, "max_daily_dose_mg");
 * ```
 */
export function claimsTable(snapshot: ConceptSnapshot, predicate: string): HTMLElement {
  const claims = snapshot.claims.assertions.filter((claim) => claim.predicate === predicate);
  return h(
    "div",
    { class: "table-scroll", tabindex: 0, role: "region", "aria-label": `Claims about ${predicate}` },
    h(
      "table",
      { class: "claims" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          HEADERS.map((header) => h("th", { scope: "col" }, header)),
        ),
      ),
      h(
        "tbody",
        {},
        claims.map((claim) =>
          h(
            "tr",
            { id: `claim-${claim.hash}`, "data-hash": claim.hash, tabindex: -1 },
            cells(claim, snapshot.traces.get(claim.hash)).map((cell) => h("td", {}, cell)),
          ),
        ),
      ),
    ),
  );
}

function cells(claim: Candidate, trace: Trace | undefined): Child[] {
  return [
    h("strong", { title: claim.hash }, formatValue(claim.value)),
    formatConfidence(claim.confidence),
    formatConfidence(claim.effective_confidence),
    tierBadge(claim.authority_tier),
    source(claim),
    [agentLink(claim.agent_id), trace === undefined ? "" : ` (${formatConfidence(trace.author.trust)})`],
    signers(claim, trace),
    votes(trace),
    formatTime(claim.timestamp),
    notes(claim, trace),
  ];
}

function source(claim: Candidate): Child {
  if (claim.source === undefined) return "—";
  const name = claim.source.uri ?? (claim.source.hash === undefined ? undefined : shortId(claim.source.hash));
  const link =
    claim.source.hash === undefined ? h("span", { class: "uri" }, name) : sourceLink(claim.source.hash, name);
  return claim.flags.includes("source_retracted") ? [link, " ", badge("retracted", "bad")] : link;
}

function signers(claim: Candidate, trace: Trace | undefined): Child {
  if (trace === undefined) return claim.signatures.length === 0 ? "none" : `${claim.signatures.length}`;
  if (trace.signers.length === 0) return "none";
  return h(
    "ul",
    { class: "inline-list" },
    trace.signers.map((s) => h("li", {}, agentLink(s.agent_id), ` (${formatConfidence(s.trust)})`)),
  );
}

function votes(trace: Trace | undefined): Child {
  if (trace === undefined) return "—";
  if (trace.votes.length === 0) return "none";
  const total = trace.votes.reduce((sum, v) => sum + v.weight, 0);
  return h(
    "span",
    {
      title: trace.votes
        .map((v) => `${v.agent_id}: ${v.weight} (trust ${formatConfidence(v.voter_trust)})`)
        .join("\n"),
    },
    `${trace.votes.length} (Σ ${formatConfidence(total)})`,
  );
}

function notes(claim: Candidate, trace: Trace | undefined): Child {
  const items: Child[] = [];
  if (claim.lifecycle !== "proposed")
    items.push(badge(claim.lifecycle, claim.lifecycle === "rejected" ? "bad" : "info"));
  if (claim.flags.includes("epoch_superseded") || trace?.epoch?.superseded === true) {
    items.push(badge(`epoch ${trace?.epoch?.record?.name ?? "superseded"} superseded`, "warn"));
  }
  if (claim.parent !== undefined) {
    items.push(
      h(
        "span",
        { class: "note" },
        "corrects ",
        h("a", { href: `#claim-${claim.parent}`, "data-jump": true, class: "mono" }, shortId(claim.parent)),
      ),
    );
  }
  return items.length === 0 ? "—" : items.map((item, i) => [i > 0 ? " " : "", item]);
}
