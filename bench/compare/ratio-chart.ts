/**
 * The chart beside the report: for every row, StemeDB's ratio over each peer as a bar from 1× on
 * a log scale, the 1×, 3× and 5× lines marked, green where the row's target holds, red where it
 * does not, grey where the issue sets no target. Hand-written SVG, no dependency.
 */
import { SYSTEM_NAMES, type RowSpec } from "./rows.ts";
import { PEERS, STEMEDB_VARIANTS, holds, ratio, type Results } from "./targets.ts";

const WIDTH = 980;
const LABEL_X = 16;
const PLOT_LEFT = 380;
const PLOT_RIGHT = 890;
const TOP = 108;
const GROUP_HEADER = 18;
const BAR_PITCH = 13;
const BAR_HEIGHT = 10;
const GROUP_GAP = 10;
const COLORS = { met: "#2e9e44", missed: "#d0342c", none: "#9a9a9a" } as const;
const MARKS = [1, 3, 5] as const;

/**
 * The SVG text of the chart.
 *
 * @example
 * ```ts
 * writeFileSync("compare.svg", ratioChart(rowSpecs(plan), results, "2 cores, …"));
 * ```
 */
export function ratioChart(rows: readonly RowSpec[], results: Results, subtitle: string): string {
  const bars = rows.flatMap((row) =>
    STEMEDB_VARIANTS.flatMap((variant) => PEERS.map((peer) => ratio(results, row.id, variant, peer))),
  );
  const finite = bars.filter((r) => Number.isFinite(r) && r > 0);
  // Whole powers of ten at both ends, from 0.1× and 10× at least.
  const loExponent = Math.floor(Math.log10(Math.min(0.5, ...finite)));
  const hiExponent = Math.ceil(Math.log10(Math.max(10, ...finite)));
  const lo = 10 ** loExponent;
  const hi = 10 ** hiExponent;
  const x = (r: number): number => {
    const clamped = Math.min(hi, Math.max(lo, r));
    return (
      PLOT_LEFT +
      ((Math.log10(clamped) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (PLOT_RIGHT - PLOT_LEFT)
    );
  };
  const groupHeight = GROUP_HEADER + STEMEDB_VARIANTS.length * PEERS.length * BAR_PITCH + GROUP_GAP;
  const bottom = TOP + rows.length * groupHeight;
  const height = bottom + 40;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    text(
      LABEL_X,
      24,
      "StemeDB ÷ peer, per row (log scale; right of 1× StemeDB is ahead)",
      'font-size="15" font-weight="bold"',
    ),
    text(LABEL_X, 42, subtitle, 'fill="#555555"'),
    legend(LABEL_X, 62),
  ];
  // Powers of ten as a faint grid, with their labels under the plot.
  for (let exponent = loExponent; exponent <= hiExponent; exponent++) {
    const p = 10 ** exponent;
    parts.push(line(x(p), TOP - 8, x(p), bottom, "#e4e4e4", ""));
    parts.push(text(x(p), bottom + 16, `${String(p)}×`, 'text-anchor="middle" fill="#777777"'));
  }
  for (const mark of MARKS) {
    parts.push(
      line(x(mark), TOP - 8, x(mark), bottom, "#333333", mark === 1 ? "" : 'stroke-dasharray="4 3"'),
    );
    parts.push(text(x(mark), TOP - 12, `${mark}×`, 'text-anchor="middle" font-weight="bold"'));
  }
  rows.forEach((row, i) => {
    const top = TOP + i * groupHeight;
    parts.push(text(LABEL_X, top + 12, row.label, 'font-weight="bold"'));
    let bar = 0;
    for (const variant of STEMEDB_VARIANTS) {
      for (const peer of PEERS) {
        const y = top + GROUP_HEADER + bar++ * BAR_PITCH;
        const r = ratio(results, row.id, variant, peer);
        parts.push(
          text(
            LABEL_X + 14,
            y + BAR_HEIGHT - 1,
            `${SYSTEM_NAMES[variant]} ÷ ${SYSTEM_NAMES[peer]}`,
            'fill="#444444"',
          ),
        );
        if (!Number.isFinite(r) || r <= 0) {
          parts.push(text(x(1) + 4, y + BAR_HEIGHT - 1, "n/a", 'fill="#777777"'));
          continue;
        }
        const met = holds(row.kind, peer, r);
        const color = met === undefined ? COLORS.none : met ? COLORS.met : COLORS.missed;
        const left = Math.min(x(1), x(r));
        const width = Math.max(1, Math.abs(x(r) - x(1)));
        parts.push(
          `<rect x="${fixed(left)}" y="${y}" width="${fixed(width)}" height="${BAR_HEIGHT}" fill="${color}"/>`,
        );
        parts.push(text(Math.max(x(1), x(r)) + 4, y + BAR_HEIGHT - 1, formatRatio(r), ""));
      }
    }
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

function legend(x: number, y: number): string {
  const items: [string, string][] = [
    [
      COLORS.met,
      "target holds (≥ 3× PostgreSQL for writes, ≥ 5× for lens queries, ahead of SQLite everywhere)",
    ],
    [COLORS.missed, "target missed"],
    [COLORS.none, "no target"],
  ];
  let at = x;
  return items
    .map(([color, label]) => {
      const item = `<rect x="${at}" y="${y}" width="10" height="10" fill="${color}"/>${text(at + 14, y + 9, label, "")}`;
      at += 24 + label.length * 5.6;
      return item;
    })
    .join("");
}

function text(x: number, y: number, content: string, attributes: string): string {
  return `<text x="${fixed(x)}" y="${fixed(y)}"${attributes === "" ? "" : ` ${attributes}`}>${escapeXml(content)}</text>`;
}

function line(x1: number, y1: number, x2: number, y2: number, color: string, attributes: string): string {
  return `<line x1="${fixed(x1)}" y1="${y1}" x2="${fixed(x2)}" y2="${y2}" stroke="${color}"${attributes === "" ? "" : ` ${attributes}`}/>`;
}

function fixed(n: number): string {
  return n.toFixed(1);
}

function formatRatio(r: number): string {
  if (r >= 99.95) return `${Math.round(r)}×`;
  if (r >= 10) return `${r.toFixed(1)}×`;
  return `${r < 0.1 ? r.toPrecision(1) : r.toFixed(2)}×`;
}

/** The five characters XML reserves, as entities. */
function escapeXml(s: string): string {
  return s
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}
