/**
 * The markdown report of one or more runs: per view the accuracy, calibration, recovery and
 * flagging; per population what the Shield did and the trust it ended with.
 */
import { ADVERSARIAL, POPULATIONS } from "./actions.ts";
import type { ArenaResult, RecoverySummary, ViewResult } from "./arena-result.ts";

const pct = (x: number): string => (Number.isNaN(x) ? "–" : `${(x * 100).toFixed(1)} %`);
const num = (x: number, digits = 3): string => (Number.isNaN(x) ? "–" : x.toFixed(digits));
const whole = (x: number): string => (Number.isNaN(x) ? "–" : String(Math.round(x)));

/** Recovery as `median / max days (max writes), recovered/changes`. */
function recovery(r: RecoverySummary): string {
  if (r.changes === 0) return "–";
  const days =
    r.recovered === 0
      ? "never"
      : `${whole(r.medianDays)} / ${whole(r.maxDays)} d (≤ ${whole(r.maxWrites)} writes)`;
  return `${days}, ${r.recovered}/${r.changes}`;
}

function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: ReadonlySet<number>,
): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, c) => (right.has(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join(" | ")} |`;
  const rule = `| ${widths.map((w, c) => (right.has(c) ? `${"-".repeat(Math.max(1, w - 1))}:` : "-".repeat(w))).join(" | ")} |`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** The table of views: one row per lens reading. */
export function viewsTable(result: ArenaResult): string {
  const rows = result.views.map((v: ViewResult) => [
    v.id === result.best ? `**${v.id}**` : v.id,
    pct(v.accuracy),
    pct(v.accuracyUnderAttack),
    pct(v.accuracyCalm),
    num(v.brier),
    recovery(v.announcedRecovery),
    recovery(v.driftRecovery),
    `${pct(v.flags.contestedWhenDisputed)} / ${pct(v.flags.contestedWhenCalm)}`,
  ]);
  return table(
    [
      "lens",
      "accuracy",
      "under sybil attack",
      "calm pairs",
      "Brier",
      "after announced shifts: median / max",
      "after drifts: median / max",
      "contested: disputed / calm",
    ],
    rows,
    new Set([1, 2, 3, 4]),
  );
}

/** The table of populations: claims sent, stored, held and refused, 429s, and trust at the end. */
export function shieldTable(result: ArenaResult): string {
  const rows: string[][] = [];
  for (const p of POPULATIONS) {
    const t = result.shield[p];
    if (t === undefined) continue;
    const claims = t.claims;
    const held = sumWhere(claims, (k) => k.startsWith("quarantined:"));
    const refused = sumWhere(claims, (k) => k.startsWith("refused:"));
    const reasons = Object.entries(t.all)
      .filter(([k]) => k.startsWith("quarantined:") || k.startsWith("refused:"))
      .map(([k, n]) => `${k.split(":")[1] ?? k} ${n}`)
      .join(", ");
    const tooMany = Object.entries(t.tooManyRequests)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    const trust = result.trust[p];
    rows.push([
      ADVERSARIAL.has(p) ? `${p} ⚠` : p,
      String(t.sent.assert),
      String(claims["created"] ?? 0),
      String(held),
      String(refused),
      String(t.sent.cosign + t.sent.vote),
      reasons === "" ? "–" : reasons,
      tooMany === "" ? "0" : tooMany,
      trust === undefined ? "–" : num(trust, 2),
    ]);
  }
  return table(
    [
      "population",
      "claims sent",
      "stored",
      "held",
      "refused",
      "co-signs + votes",
      "holds and refusals (all writes)",
      "429s",
      "trust at end",
    ],
    rows,
    new Set([1, 2, 3, 4, 5, 8]),
  );
}

function sumWhere(counts: Readonly<Record<string, number>>, match: (key: string) => boolean): number {
  let n = 0;
  for (const [k, v] of Object.entries(counts)) if (match(k)) n += v;
  return n;
}

/**
 * The whole report: one section per run.
 *
 * @example
 * ```ts
 * writeFileSync("arena.md", arenaMarkdown([result], "2026-11-24 06:00 UTC"));
 * ```
 */
export function arenaMarkdown(results: readonly ArenaResult[], when: string): string {
  const parts = [`# StemeDB arena, ${when}`, ""];
  for (const r of results) {
    const s = r.scenario;
    const w = s.world;
    parts.push(
      `## ${s.name}${r.quick ? " (quick)" : ""}, seed ${s.seed}`,
      "",
      `${s.description}. ${w.ticks} days, ${r.pairs} pairs in ${w.topics} topics; ${r.events.shifts.length} announced shifts, ${r.events.drifts.length} drifts. ` +
        `Sybils and trolls sent ${pct(r.adversarialShare.sybilsAndTrolls)} of the claims (every adversary: ${pct(r.adversarialShare.all)}). ` +
        `${r.queries.toLocaleString("en-US")} queries, ${r.seconds.toFixed(1)} s.`,
      "",
      viewsTable(r),
      "",
      "Accuracy: the share of pair-days whose winner is the true value (no answer counts as wrong). Brier: mean (resolution_confidence − right)². " +
        "Recovery: days from a change of the truth until the lens is right three days running (median / max over the changes it recovered from, and the claims written to the pair meanwhile), recovered / changes. " +
        "Contested: the share of pair-days with `status: contested` among disputed ones (adversaries wrote or the truth changed in the last three days) and among calm ones.",
      "",
      shieldTable(r),
      "",
      `Server counters at the end: ${
        Object.entries(r.serverCounters)
          .map(([k, n]) => `${k} ${n}`)
          .join(", ") || "none"
      }.`,
      "",
    );
  }
  return parts.join("\n");
}
