/** One sample of the Prometheus text format: a metric name, its labels and its value. */
export interface MetricSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/**
 * Reads the samples of a `/metrics` answer (the Prometheus text exposition format 0.0.4);
 * comments and lines that are not samples are skipped.
 *
 * @example
 * ```ts
 * parsePrometheusText('stemedb_assertions_total 42\n')[0]; // { name: "stemedb_assertions_total", labels: {}, value: 42 }
 * ```
 */
export function parsePrometheusText(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = SAMPLE.exec(line.trim());
    if (match === null) continue;
    const [, name = "", labelText = "", valueText = ""] = match;
    const labels: Record<string, string> = {};
    for (const label of labelText.matchAll(LABEL)) {
      labels[label[1] ?? ""] = (label[2] ?? "").replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    }
    samples.push({ name, labels, value: Number(valueText) });
  }
  return samples;
}

/**
 * The value of the first sample with this name whose labels include `labels`; `undefined` when
 * none does (a metric the server does not export, or metrics turned off).
 *
 * @example
 * ```ts
 * sampleValue(samples, "stemedb_query_latency_seconds", { quantile: "0.99" });
 * ```
 */
export function sampleValue(
  samples: readonly MetricSample[],
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  const wanted = Object.entries(labels);
  return samples.find((s) => s.name === name && wanted.every(([k, v]) => s.labels[k] === v))?.value;
}
