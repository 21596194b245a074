import type { NatsNode } from "../../test/support/nats-cluster.ts";
import type { StemeNode } from "../../test/support/steme-cluster.ts";

/** What writers saw when the stream's leader died. */
export interface FailoverResult {
  readonly leader: string;
  /** The longest time with no write acknowledged, from the kill on. */
  readonly outageMs: number;
  readonly acknowledged: number;
  /** Writes answered 503 (no quorum yet) or not answered. */
  readonly refused: number;
  /** Acknowledged writes missing on some node once all applied the stream (must be 0). */
  readonly lost: number;
}

const WRITERS = 16;

/**
 * Writes from 16 clients round-robin over the nodes, kills the stream's leader `beforeMs` in,
 * goes on for `afterMs`, then restarts it and checks every acknowledged write on every node.
 */
export async function measureFailover(
  nodes: readonly StemeNode[],
  leader: NatsNode,
  timing: { readonly beforeMs: number; readonly afterMs: number },
): Promise<FailoverResult> {
  const acknowledged: { hash: string; seq: number; at: number }[] = [];
  let refused = 0;
  let stop = false;
  let next = 0;
  const writer = async (): Promise<void> => {
    while (!stop) {
      const i = next++;
      const node = nodes[i % nodes.length];
      if (node === undefined) return;
      try {
        const response = await fetch(`${node.url}/v1/assert`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            concept_path: `bench/failover/pair-${i % 100}`,
            predicate: "value",
            value: i,
            confidence: 0.8,
            authority_tier: "expert",
            timestamp: new Date(Date.UTC(2026, 1, 1) + i).toISOString(),
          }),
          signal: AbortSignal.timeout(60_000),
        });
        const body = (await response.json()) as { hash?: string; seq?: number };
        if (response.ok && body.hash !== undefined) {
          acknowledged.push({ hash: body.hash, seq: body.seq ?? 0, at: performance.now() });
        } else refused += 1;
      } catch {
        refused += 1;
      }
    }
  };
  const writers = Array.from({ length: WRITERS }, writer);
  await sleep(timing.beforeMs);
  const killedAt = performance.now();
  await leader.kill();
  await sleep(timing.afterMs);
  stop = true;
  await Promise.all(writers);
  await leader.restart();

  const times = [killedAt, ...acknowledged.map((a) => a.at).filter((t) => t >= killedAt)].sort(
    (a, b) => a - b,
  );
  let outageMs = 0;
  for (let i = 1; i < times.length; i++) outageMs = Math.max(outageMs, (times[i] ?? 0) - (times[i - 1] ?? 0));
  const highest = Math.max(0, ...acknowledged.map((a) => a.seq));
  let lost = 0;
  for (const node of nodes) {
    for (let start = 0; start < acknowledged.length; start += 64) {
      const answers = await Promise.all(
        acknowledged.slice(start, start + 64).map((a) =>
          fetch(`${node.url}/v1/assertions/${a.hash}?min_seq=${highest}`, {
            signal: AbortSignal.timeout(60_000),
          }),
        ),
      );
      for (const answer of answers) {
        await answer.arrayBuffer();
        if (answer.status !== 200) lost += 1;
      }
    }
  }
  return { leader: leader.name, outageMs, acknowledged: acknowledged.length, refused, lost };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
