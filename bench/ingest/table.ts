/** A column of a markdown table: its heading and whether numbers line up on the right. */
export interface Column {
  readonly heading: string;
  readonly align?: "left" | "right";
}

/**
 * A GitHub-flavoured markdown table, padded so that it also reads well as plain text in a
 * terminal.
 *
 * @example
 * ```ts
 * markdownTable([{ heading: "writers", align: "right" }], [["256"]]);
 * // | writers |
 * // | ------: |
 * // |     256 |
 * ```
 */
export function markdownTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, i) =>
    Math.max(3, column.heading.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: readonly string[]): string =>
    `| ${columns
      .map((column, i) => {
        const cell = cells[i] ?? "";
        const width = widths[i] ?? 3;
        return column.align === "right" ? cell.padStart(width) : cell.padEnd(width);
      })
      .join(" | ")} |`;
  const rule = `| ${columns
    .map((column, i) => {
      const dashes = "-".repeat(widths[i] ?? 3);
      return column.align === "right" ? `${dashes.slice(1)}:` : dashes;
    })
    .join(" | ")} |`;
  return [line(columns.map((c) => c.heading)), rule, ...rows.map(line)].join("\n");
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** An integer with thousands separators: `200,000`. */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** A number with a fixed number of decimals, or `n/a` when it is not finite. */
export function formatFixed(n: number, decimals: number): string {
  return Number.isFinite(n) ? n.toFixed(decimals) : "n/a";
}
