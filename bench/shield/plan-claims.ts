import { Buffer } from "node:buffer";
import type { PreparedPlan, PreparedRequest } from "../http/plan-requests.ts";
import { prepareRequests } from "../http/plan-requests.ts";
import { mulberry32 } from "../ingest/prng.ts";
import { claimBody } from "./claim-bodies.ts";
import type { ShieldPlan } from "./shield-job.ts";

/**
 * Builds every request body of a plan before any timing, from its seed: the same plan gives the
 * same bodies on every run, so the Shield-off and Shield-on runs send the same bytes. Query plans
 * are `bench/http`'s own.
 *
 * @example
 * ```ts
 * prepareShieldPlan({ kind: "claims", size: 1, first: 0, count: 3, seed: 1 }).path; // "/v1/assert"
 * ```
 */
export function prepareShieldPlan(plan: ShieldPlan): PreparedPlan {
  if (plan.kind === "query") return prepareRequests(plan);
  if (!Number.isSafeInteger(plan.size) || plan.size < 1) {
    throw new RangeError(`Cannot send claims ${plan.size} to a request: it must be a positive integer`);
  }
  const prng = mulberry32(plan.seed);
  const requests: PreparedRequest[] = [];
  for (let start = 0; start < plan.count; start += plan.size) {
    const items = Math.min(plan.size, plan.count - start);
    const texts = Array.from({ length: items }, (_, i) =>
      JSON.stringify(claimBody(plan.first + start + i, prng)),
    );
    const text = plan.size === 1 ? texts.join("") : `{"assertions":[${texts.join(",")}]}`;
    requests.push({ body: Buffer.from(text, "utf8"), items });
  }
  return { path: plan.size === 1 ? "/v1/assert" : "/v1/assert/batch", requests, cycle: false };
}
