import { Buffer } from "node:buffer";
import { mulberry32 } from "../ingest/prng.ts";
import { assertionBody, pairAt } from "./assertion-bodies.ts";
import type { RequestPlan } from "./load-job.ts";
import { signedBodies } from "./signed-bodies.ts";

/** One request, ready to send: its body already encoded, so the timed loop only writes bytes. */
export interface PreparedRequest {
  readonly body: Buffer;
  /** Assertions or queries it carries. */
  readonly items: number;
}

/** The requests of a plan, built before any timing. */
export interface PreparedPlan {
  readonly path: string;
  readonly requests: readonly PreparedRequest[];
  /**
   * Send the requests again from the start once all are sent: queries can repeat, writes cannot
   * (a repeated write is answered "exists" from the store, which would flatter the numbers).
   */
  readonly cycle: boolean;
}

/**
 * Builds every request body of a plan from its seed: the same plan gives the same bodies on every
 * run (signatures aside, whose keys are new each run).
 */
export function prepareRequests(plan: RequestPlan): PreparedPlan {
  switch (plan.kind) {
    case "assert": {
      const prng = mulberry32(plan.seed);
      const bodies = plan.signed
        ? signedBodies(plan.first, plan.count, plan.seed)
        : Array.from({ length: plan.count }, (_, i) => JSON.stringify(assertionBody(plan.first + i, prng)));
      return { path: "/v1/assert", requests: bodies.map((text) => encoded(text, 1)), cycle: false };
    }
    case "batch": {
      const prng = mulberry32(plan.seed);
      const requests: PreparedRequest[] = [];
      for (let start = 0; start < plan.count; start += plan.size) {
        const items = Math.min(plan.size, plan.count - start);
        const texts = Array.from({ length: items }, (_, i) =>
          JSON.stringify(assertionBody(plan.first + start + i, prng)),
        );
        requests.push(encoded(`{"assertions":[${texts.join(",")}]}`, items));
      }
      return { path: "/v1/assert/batch", requests, cycle: false };
    }
    case "query": {
      const prng = mulberry32(plan.seed);
      // Hot: a fixed handful of pairs asked again and again (what caches are for); cold: any pair.
      const hot =
        plan.hot === undefined ? undefined : Array.from({ length: plan.hot }, () => prng.below(plan.pairs));
      const requests = Array.from({ length: plan.distinct }, () => {
        const pair = hot === undefined ? prng.below(plan.pairs) : prng.pick(hot);
        return encoded(JSON.stringify({ ...pairAt(pair), lens: plan.lens }), 1);
      });
      return { path: "/v1/query", requests, cycle: true };
    }
  }
}

function encoded(text: string, items: number): PreparedRequest {
  return { body: Buffer.from(text, "utf8"), items };
}
