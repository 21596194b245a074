import { setTimeout as sleep } from "node:timers/promises";
import type { StemeNode } from "../support/steme-cluster.ts";
import { assertOn, claim, type WriteAnswer } from "./cluster-client.ts";

/** One write of a load: the node it went to, what it answered, and how long that took. */
export interface LoadAnswer {
  readonly node: string;
  readonly answer: WriteAnswer;
  readonly ms: number;
}

/** A write load running in the background. */
export interface WriteLoad {
  /** Every answer so far, in the order sent. */
  readonly answers: readonly LoadAnswer[];
  /** Ends the load after the write in flight; resolves once it has ended. */
  stop(): Promise<void>;
}

/**
 * Writes distinct claims of `run` to `nodes` in turn, one at a time, until stopped: a steady load
 * rather than a flood, since the machines running the tests have few cores to share with the
 * servers under test.
 *
 * @example
 * ```ts
 * const load = startWriteLoad([node1, node2], "partition");
 * await sleep(10_000);
 * await load.stop();
 * assert.ok(load.answers.every((a) => a.answer.status === 201));
 * ```
 */
export function startWriteLoad(nodes: readonly StemeNode[], run: string, pauseMs = 10): WriteLoad {
  const answers: LoadAnswer[] = [];
  const stopping = new AbortController();
  const running = (async () => {
    for (let i = 0; !stopping.signal.aborted; i++) {
      const node = nodes[i % nodes.length];
      if (node === undefined) throw new RangeError("Cannot write to no nodes");
      const start = Date.now();
      const answer = await assertOn(node, claim(run, i));
      answers.push({ node: node.id, answer, ms: Date.now() - start });
      await sleep(pauseMs);
    }
  })();
  return {
    answers,
    stop: async () => {
      stopping.abort();
      await running;
    },
  };
}
