/** PromQL words that look like metric names but are not. */
const KEYWORDS = new Set([
  "and",
  "or",
  "unless",
  "bool",
  "offset",
  "group_left",
  "group_right",
  "inf",
  "nan",
  "Inf",
  "NaN",
]);

/**
 * The metric names a PromQL expression (or a Grafana target, with `$variables`) reads. Label
 * matchers, ranges, strings, grouping clauses and function names are not metric names.
 *
 * @example
 * metricNamesIn('sum by (le) (rate(x_bucket{job="a"}[5m])) > 0.2'); // ["x_bucket"]
 */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ")
    .replace(/\$\{[^}]*\}|\$\w+/g, " ");
  const names = new Set<string>();
  // A whole word (not part of a number such as 1e9), not followed by "(" (a function call).
  for (const match of stripped.matchAll(/(?<![\w.:])([A-Za-z_:][\w:]*)(?![\w:])(?!\s*\()/g)) {
    const name = match[1]!;
    if (!KEYWORDS.has(name)) names.add(name);
  }
  return [...names];
}

/**
 * Every series name a Prometheus text exposition can hold: the samples' names, plus each declared
 * family with its suffixes (a labelled counter or gauge that has no sample yet shows only its
 * `# TYPE` line).
 */
export function exposedMetricNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split("\n")) {
    const declared = /^# TYPE ([A-Za-z_:][\w:]*) (\w+)/.exec(line);
    if (declared !== null) {
      const [, name, type] = declared as unknown as [string, string, string];
      names.add(name);
      if (type === "histogram") for (const s of ["_bucket", "_sum", "_count"]) names.add(name + s);
      if (type === "summary") for (const s of ["_sum", "_count"]) names.add(name + s);
      continue;
    }
    const sample = /^([A-Za-z_:][\w:]*)[{ ]/.exec(line);
    if (sample !== null) names.add(sample[1]!);
  }
  return names;
}
