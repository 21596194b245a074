import type { Assertion, ConceptNode, StemeClient } from "../../../client/index.ts";
import { StemeApiError } from "../../../client/api-error.ts";
import { h, show } from "../dom.ts";
import { errorNotice, fill } from "../feedback.ts";
import {
  askedAbout,
  formatConfidence,
  formatCount,
  formatDuration,
  formatLatency,
  formatRate,
  formatTime,
  formatValue,
} from "../format.ts";
import { every, type Page } from "../page.ts";
import { parsePrometheusText, sampleValue, type MetricSample } from "../prometheus-text.ts";
import { RateMeter } from "../rate-meter.ts";
import { links } from "../router.ts";
import { agentLink, badge, conceptLink, pageTitle, section, stats, table, tierBadge } from "../widgets.ts";

const REFRESH_MS = 5_000;
const TREE_REFRESH_MS = 30_000;
const FEED_LENGTH = 20;
const FEED_WINDOW_MS = 86_400_000;

/**
 * The overview: the server's health and counts, ingest and query rates (from `/metrics`, measured
 * between refreshes every 5 s), recent claims (the last day's, refreshed as they are written) and
 * the latest audited queries.
 *
 * @example
 * ```ts
 * overviewPage({ session, signal, main });
 * ```
 */
export const overviewPage: Page = ({ session, signal, main }) => {
  const client = session.client;
  const server = h("div");
  const counts = h("div");
  const rates = h("div");
  const claims = h("div");
  const queries = h("div");
  show(
    main,
    pageTitle("Overview"),
    h(
      "div",
      { class: "grid" },
      section("Server", server),
      section("Counts", counts),
      section("Rates", rates),
    ),
    section(
      "Recent claims",
      h(
        "p",
        { class: "hint" },
        "Claims made in the last 24 hours (by their own time), newest first, refreshed every 5 s.",
      ),
      claims,
    ),
    section("Recent queries", queries),
  );

  const ingest = new RateMeter();
  const asked = new RateMeter();
  // The root of the concept tree is a scan of every pair: read it less often than the counters.
  let tree: { readonly node: ConceptNode; readonly atMs: number } | undefined;
  const readTree = async (): Promise<ConceptNode> => {
    if (tree === undefined || Date.now() - tree.atMs > TREE_REFRESH_MS) {
      tree = { node: await client.concepts({}, { signal }), atMs: Date.now() };
    }
    return tree.node;
  };
  every(REFRESH_MS, signal, async () => {
    try {
      const [health, metrics, root] = await Promise.all([
        client.health({ signal }),
        readMetrics(client, signal),
        readTree(),
      ]);
      if (signal.aborted) return;
      show(
        server,
        stats([
          ["status", "Status", badge(health.status, health.status === "healthy" ? "ok" : "bad")],
          ["writable", "Writes", health.writable ? "taken" : `refused: ${health.reason ?? "unknown"}`],
          ["version", "Version", health.version],
          ["node", "Node", health.node_id],
          ["uptime", "Uptime", formatDuration(health.uptime_seconds)],
        ]),
      );
      const pairs = root.predicates.length + root.children.reduce((sum, c) => sum + c.pair_count, 0);
      const value = (name: string, labels?: Record<string, string>): number | undefined =>
        metrics === undefined ? undefined : sampleValue(metrics, name, labels);
      const countOrDash = (n: number | undefined): string => (n === undefined ? "—" : formatCount(n));
      show(
        counts,
        stats([
          ["assertions", "Assertions stored", formatCount(health.assertion_count)],
          ["concepts", "Top-level concepts", formatCount(root.children.length)],
          ["pairs", "Concept–predicate pairs", formatCount(pairs)],
          ["wal-segments", "WAL segments", formatCount(health.wal_segments)],
          ["quarantine", "Held in quarantine", countOrDash(value("stemedb_quarantine_pending"))],
          [
            "open-breakers",
            "Open circuit breakers",
            countOrDash(value("stemedb_circuit_breaker_state", { state: "OPEN" })),
          ],
        ]),
      );
      if (metrics === undefined) {
        show(
          rates,
          h("p", { class: "empty" }, "Metrics are off on this server (STEMEDB_METER_ENABLED=false)."),
        );
        return;
      }
      const now = Date.now();
      const stored = value("stemedb_assertions_total") ?? 0;
      const answered = value("stemedb_query_latency_seconds_count") ?? 0;
      const since = (meter: RateMeter, count: number): string => {
        const rate = meter.read(count, now);
        return rate === undefined
          ? `${formatRate(count / Math.max(1, health.uptime_seconds))} since start`
          : `${formatRate(rate)} now`;
      };
      const rejected = metrics
        .filter((s) => s.name === "stemedb_requests_rejected_total")
        .reduce((sum, s) => sum + s.value, 0);
      show(
        rates,
        stats([
          ["ingest-rate", "Ingest", since(ingest, stored)],
          ["query-rate", "Queries", since(asked, answered)],
          ["ingested", "Stored by this process", formatCount(stored)],
          ["queries", "Queries answered", formatCount(answered)],
          [
            "query-p99",
            "Query latency p99",
            formatLatency(value("stemedb_query_latency_seconds", { quantile: "0.99" })),
          ],
          ["rejected", "Requests refused by the Shield", formatCount(rejected)],
        ]),
      );
    } catch (error) {
      if (!signal.aborted) show(server, errorNotice(error));
    }
  });

  every(REFRESH_MS, signal, () =>
    fill(queries, signal, "queries", async () => {
      const { queries: recent } = await client.auditQueries({ limit: "10" }, { signal });
      return table(
        ["When", "Agent", "Lens", "Asked about", "Answers"],
        recent.map((q) => [
          h("a", { href: links.auditQuery(q.query_id) }, formatTime(q.at)),
          agentLink(q.agent_id),
          q.lens,
          askedAbout(q.parameters),
          formatCount(q.answers.length),
        ]),
        "No queries yet.",
        "Recent queries",
      );
    }),
  );

  showClaims(client, signal, claims);
};

/**
 * The last day's claims, newest first, read again every few seconds. After the first read only
 * what was made since the newest claim seen is asked for, so a refresh costs little on a busy
 * server. (Polling rather than `/v1/watch`: an open stream would hold a stopping server until
 * the browser lets go of it.)
 */
function showClaims(client: StemeClient, signal: AbortSignal, region: HTMLElement): void {
  let feed: readonly Assertion[] | undefined;
  every(REFRESH_MS, signal, () =>
    fill(region, signal, "recent claims", async () => {
      const dayAgo = new Date(Date.now() - FEED_WINDOW_MS).toISOString();
      const newest = feed?.[0]?.timestamp;
      const since = newest !== undefined && newest > dayAgo ? newest : dayAgo;
      const changes = await client.changes({ concept_path: "*", since, limit: "1000" }, { signal });
      const known = new Set((feed ?? []).map((a) => a.hash));
      const fresh = changes.new_assertions.filter((a) => !known.has(a.hash));
      feed = newestFirst([...fresh, ...(feed ?? [])].filter((a) => a.timestamp >= dayAgo)).slice(
        0,
        FEED_LENGTH,
      );
      return table(
        ["When", "Concept", "Predicate", "Value", "Confidence", "Tier", "Agent"],
        feed.map((a) => [
          formatTime(a.timestamp),
          conceptLink(a.concept_path),
          a.predicate,
          formatValue(a.value),
          formatConfidence(a.confidence),
          tierBadge(a.authority_tier),
          agentLink(a.agent_id),
        ]),
        "No claims in the last 24 hours.",
        "Recent claims",
      );
    }),
  );
}

function newestFirst(assertions: readonly Assertion[]): Assertion[] {
  return [...assertions].sort((a, b) => b.timestamp.localeCompare(a.timestamp));
}

/** The samples of `/metrics`, or `undefined` when the server has metrics off (404). */
async function readMetrics(client: StemeClient, signal: AbortSignal): Promise<MetricSample[] | undefined> {
  try {
    return parsePrometheusText(await client.metrics({ signal }));
  } catch (error) {
    if (error instanceof StemeApiError && error.status === 404) return undefined;
    throw error;
  }
}
