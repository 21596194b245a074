import { isDeepStrictEqual } from "node:util";
import { CLUSTER_ADMIN_TOKEN, type StemeNode } from "../support/steme-cluster.ts";

/** What a node answered a write. */
export interface WriteAnswer {
  readonly status: number;
  readonly hash?: string;
  readonly seq?: number;
  readonly error?: string;
  /** An error's explanation: what a 503 says of the write's fate. */
  readonly message?: string;
  /** `X-Quota-Remaining`, when the answer had it. */
  readonly quotaRemaining?: number;
  /** `Retry-After`, as sent, when the answer had it. */
  readonly retryAfter?: string;
}

export interface NodeHealth {
  readonly status: number;
  readonly assertion_count: number;
  readonly reason?: string;
  readonly cluster: {
    readonly engine: string;
    readonly applied_seq: number;
    readonly stream_last_seq: number | null;
    readonly lag_records: number | null;
    readonly caught_up: boolean;
  };
}

export interface Digest {
  readonly applied_seq: number;
  readonly count: number;
  readonly shards: Readonly<Record<string, { count: number; xor: string }>>;
}

/** POST /v1/assert on one node; network errors are answered as status 0. */
export async function assertOn(
  node: StemeNode,
  body: object,
  headers: Readonly<Record<string, string>> = {},
): Promise<WriteAnswer> {
  try {
    const response = await fetch(`${node.url}/v1/assert`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const answer = (await response.json()) as Omit<WriteAnswer, "status" | "quotaRemaining" | "retryAfter">;
    const remaining = response.headers.get("x-quota-remaining");
    const retryAfter = response.headers.get("retry-after");
    return {
      ...answer,
      status: response.status,
      ...(remaining !== null ? { quotaRemaining: Number(remaining) } : {}),
      ...(retryAfter !== null ? { retryAfter } : {}),
    };
  } catch (error) {
    return { status: 0, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Sends one write to `node` until it is acknowledged (200 or 201), waiting `Retry-After` after each
 * 503 or network error as the SDK does; throws on any other answer or after `timeoutMs`.
 */
export async function assertUntilAcknowledged(
  node: StemeNode,
  body: object,
  timeoutMs = 60_000,
): Promise<WriteAnswer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await assertOn(node, body);
    if (answer.status === 200 || answer.status === 201) return answer;
    if ((answer.status !== 503 && answer.status !== 0) || Date.now() > deadline) {
      throw new Error(`${node.id} did not acknowledge a write: ${JSON.stringify(answer)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Number(answer.retryAfter ?? "1") * 1000));
  }
}

/** GET a path of a node with the admin token; the status and the parsed body. */
export async function getFrom(node: StemeNode, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${node.url}${path}`, {
    headers: { authorization: `Bearer ${CLUSTER_ADMIN_TOKEN}` },
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: await response.json() };
}

/** An admin request (PUT, POST, DELETE) with a JSON body; the status and the parsed body. */
export async function adminCall(
  node: StemeNode,
  method: string,
  path: string,
  body?: object,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${node.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${CLUSTER_ADMIN_TOKEN}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

export async function healthOf(node: StemeNode): Promise<NodeHealth> {
  const { status, body } = await getFrom(node, "/v1/health");
  return { ...(body as Omit<NodeHealth, "status">), status };
}

export async function digestOf(node: StemeNode, minSeq: number): Promise<Digest> {
  const { status, body } = await getFrom(node, `/v1/cluster/digest?min_seq=${minSeq}`);
  if (status !== 200)
    throw new Error(`${node.id} answered its digest with ${status}: ${JSON.stringify(body)}`);
  return body as Digest;
}

/** Asserts that `node` answers a read of every hash once it has applied `seq`. */
export async function readableOn(node: StemeNode, hashes: readonly string[], seq: number): Promise<void> {
  // 32 reads at a time: thousands of hashes, checked in seconds.
  for (let start = 0; start < hashes.length; start += 32) {
    await Promise.all(
      hashes.slice(start, start + 32).map(async (hash) => {
        const read = await getFrom(node, `/v1/assertions/${hash}?min_seq=${seq}`);
        if (read.status !== 200) {
          throw new Error(
            `${node.id} lacks acknowledged write ${hash}: ${read.status} ${JSON.stringify(read.body)}`,
          );
        }
      }),
    );
  }
}

/** Whether `node` holds `hash` now, without waiting for any sequence. */
export async function holds(node: StemeNode, hash: string): Promise<boolean> {
  const read = await getFrom(node, `/v1/assertions/${hash}`);
  if (read.status !== 200 && read.status !== 404) {
    throw new Error(
      `${node.id} answered a read of ${hash} with ${read.status}: ${JSON.stringify(read.body)}`,
    );
  }
  return read.status === 200;
}

/** Throws unless every node, once it has applied `seq`, holds the same content, shard by shard. */
export async function sameDigests(nodes: readonly StemeNode[], seq: number): Promise<void> {
  const [first, ...others] = await Promise.all(nodes.map((n) => digestOf(n, seq)));
  for (const [i, other] of others.entries()) {
    if (other.count !== first?.count || !isDeepStrictEqual(other.shards, first.shards)) {
      throw new Error(
        `${nodes[i + 1]?.id ?? "?"} holds other content than ${nodes[0]?.id ?? "?"} at seq ${seq}`,
      );
    }
  }
}

/** A distinct claim for write number `i` of a run named `run`. */
export function claim(run: string, i: number): object {
  return {
    concept_path: `cluster/${run}/item-${i % 50}`,
    predicate: "value",
    value: i,
    confidence: 0.9,
    authority_tier: "expert",
    timestamp: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
  };
}

/** Polls `check` every 100 ms until it returns true or `timeoutMs` passes (then throws with `what`). */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // A node restarting refuses connections for a moment.
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits until every node is healthy and has applied the whole stream as the nodes last saw it
 * (their health asks the stream once a second), and at least `atLeast`; returns that sequence.
 */
export async function converged(nodes: readonly StemeNode[], atLeast = 0): Promise<number> {
  let last = 0;
  await eventually("every node has applied the whole stream", async () => {
    const healths = await Promise.all(nodes.map(healthOf));
    last = Math.max(atLeast, ...healths.map((h) => h.cluster.stream_last_seq ?? 0));
    return healths.every((h) => h.status === 200 && h.cluster.applied_seq >= last);
  });
  return last;
}
