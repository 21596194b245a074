/**
 * The chart beside the report: accuracy of each lens day by day, one panel per run, with the days
 * that matter marked (announced shifts, drifts, the sybil swarm's first day, the study published
 * and retracted). Hand-written SVG, no dependency.
 */
import type { ArenaEvents, ArenaResult } from "./arena-result.ts";

const WIDTH = 980;
const PANEL_HEIGHT = 300;
const LEFT = 60;
const RIGHT = 220;
const TOP = 60;
const PANEL_GAP = 70;
const COLORS = [
  "#8c8c8c",
  "#e69f00",
  "#56b4e9",
  "#009e73",
  "#d55e00",
  "#cc79a7",
  "#0072b2",
  "#b8a800",
  "#444444",
];

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const text = (x: number, y: number, s: string, attrs = ""): string =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${esc(s)}</text>`;

/**
 * The SVG text of the chart.
 *
 * @example
 * ```ts
 * writeFileSync("arena.svg", arenaChart([result], "2026-11-24"));
 * ```
 */
export function arenaChart(results: readonly ArenaResult[], subtitle: string): string {
  const height = TOP + results.length * (PANEL_HEIGHT + PANEL_GAP);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    text(16, 24, "StemeDB arena: accuracy of each lens, day by day", 'font-size="15" font-weight="bold"'),
    text(16, 42, subtitle, 'fill="#555555"'),
  ];
  results.forEach((r, i) => parts.push(panel(r, TOP + i * (PANEL_HEIGHT + PANEL_GAP) + 20)));
  parts.push("</svg>");
  return parts.join("\n");
}

function panel(r: ArenaResult, top: number): string {
  const ticks = r.scenario.world.ticks;
  const plotRight = WIDTH - RIGHT;
  const bottom = top + PANEL_HEIGHT - 40;
  const all = r.views.flatMap((v) => v.series);
  // From the lowest tenth any lens reached, so that the lines near the top are told apart.
  const lo = Math.max(0, Math.min(0.5, Math.floor(Math.min(...all, 1) * 10) / 10));
  const x = (t: number): number => LEFT + (ticks <= 1 ? 0 : (t / (ticks - 1)) * (plotRight - LEFT));
  const y = (a: number): number => bottom - ((a - lo) / (1 - lo)) * (bottom - top);
  const parts = [
    text(
      LEFT,
      top - 10,
      `${r.scenario.name}${r.quick ? " (quick)" : ""}, seed ${r.scenario.seed}`,
      'font-size="13" font-weight="bold"',
    ),
  ];
  for (let a = lo; a <= 1.0001; a += 0.1) {
    parts.push(
      `<line x1="${LEFT}" y1="${y(a).toFixed(1)}" x2="${plotRight}" y2="${y(a).toFixed(1)}" stroke="#eeeeee"/>`,
      text(LEFT - 8, y(a) + 4, `${Math.round(a * 100)} %`, 'text-anchor="end" fill="#555555"'),
    );
  }
  parts.push(
    `<line x1="${LEFT}" y1="${y(0.95).toFixed(1)}" x2="${plotRight}" y2="${y(0.95).toFixed(1)}" stroke="#2e9e44" stroke-dasharray="6 3"/>`,
    text(plotRight + 4, y(0.95) + 4, "95 % goal", 'fill="#2e9e44"'),
  );
  parts.push(...markers(r.events, x, top, bottom));
  for (let t = 0; t < ticks; t += Math.max(1, Math.round(ticks / 12))) {
    parts.push(text(x(t), bottom + 16, `day ${t}`, 'text-anchor="middle" fill="#555555"'));
  }
  r.views.forEach((v, i) => {
    const color = COLORS[i % COLORS.length] ?? "#000000";
    const points = v.series.map((a, t) => `${x(t).toFixed(1)},${y(Math.max(lo, a)).toFixed(1)}`).join(" ");
    const dash = v.epochAware ? "" : ' stroke-dasharray="4 2"';
    const width = v.id === r.best ? 2.5 : 1.4;
    parts.push(`<polyline points="${points}" fill="none" stroke="${color}" stroke-width="${width}"${dash}/>`);
    const ly = top + 10 + i * 16;
    parts.push(
      `<line x1="${plotRight + 10}" y1="${ly - 4}" x2="${plotRight + 30}" y2="${ly - 4}" stroke="${color}" stroke-width="${width}"${dash}/>`,
      text(plotRight + 36, ly, `${v.id} ${(v.accuracy * 100).toFixed(1)} %`),
    );
  });
  return parts.join("\n");
}

function markers(e: ArenaEvents, x: (t: number) => number, top: number, bottom: number): string[] {
  const mark = (t: number, color: string, dash: string, label: string): string[] => [
    `<line x1="${x(t).toFixed(1)}" y1="${top}" x2="${x(t).toFixed(1)}" y2="${bottom}" stroke="${color}" stroke-dasharray="${dash}"/>`,
    text(x(t) + 3, bottom - 4, label, `fill="${color}" font-size="9"`),
  ];
  const parts: string[] = [];
  for (const t of e.shifts) parts.push(...mark(t, "#333333", "1 0", "shift"));
  for (const t of [...new Set(e.drifts)]) parts.push(...mark(t, "#999999", "2 3", ""));
  if (e.sybilStart !== null) parts.push(...mark(e.sybilStart, "#d0342c", "5 3", "sybils"));
  if (e.studyRegistered !== null) parts.push(...mark(e.studyRegistered, "#7b3294", "3 2", "study"));
  if (e.studyRetracted !== null) parts.push(...mark(e.studyRetracted, "#7b3294", "3 2", "retracted"));
  return parts;
}
