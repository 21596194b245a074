import type {
  AssertionInput as AssertionInputSchema,
  AssertionOutput as AssertionSchema,
  WriteResult as WriteResultSchema,
} from "../../api/schemas/assertion.ts";
import type { ErrorBody as ErrorBodySchema } from "../../api/schemas/common.ts";
import type * as Writes from "../schemas/assertion-schemas.ts";
import type { StaticOf } from "../schemas/shared-schemas.ts";

/**
 * An assertion as `POST /v1/assert` takes it, in any spelling the server accepts (the seed form,
 * or the original API's `subject`, `object`, `source_class`, …). The server's own schema.
 *
 * @example
 * ```ts
 * const input: AssertionInput = { concept_path: "drugs/aspirin", predicate: "max_daily_dose_mg", value: 4000, confidence: 0.9 };
 * ```
 */
export type AssertionInput = StaticOf<typeof AssertionInputSchema>;

/**
 * An assertion as the API prints it: tagged value, tier by name, RFC 3339 time, signatures.
 *
 * @example
 * ```ts
 * const assertion: Assertion = await client.getAssertion(hash);
 * assertion.signatures.map((s) => s.agent_id);
 * ```
 */
export type Assertion = StaticOf<typeof AssertionSchema>;

/**
 * The answer to a write of one assertion: `status` `created`, `exists`, `cosigned` or
 * `quarantined` (then `reason` says why), the `hash` and the assertion as stored.
 *
 * @example
 * ```ts
 * const result: WriteResult = await client.assert(input);
 * if (result.status === "quarantined") console.warn(`held for review: ${result.reason}`);
 * ```
 */
export type WriteResult = StaticOf<typeof WriteResultSchema>;

/**
 * The body of every error answer; a `StemeApiError` carries its members.
 *
 * @example
 * ```ts
 * const body: ErrorBody = { error: "validation_failed", message: "confidence must be …", field: "confidence", request_id: "…" };
 * ```
 */
export type ErrorBody = StaticOf<typeof ErrorBodySchema>;

/**
 * The answer to `POST /v1/assert/batch`: one `WriteResult` per assertion, in order.
 *
 * @example
 * ```ts
 * const { results }: BatchResult = await client.assertBatch(drafts);
 * ```
 */
export type BatchResult = StaticOf<typeof Writes.BatchResult>;
