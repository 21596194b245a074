import assert from "node:assert/strict";
import type { TSchema } from "typebox";
import { Value } from "typebox/value";
import { sharedSchemas } from "../api/schemas/assertion.ts";
import { ErrorBody } from "../api/schemas/common.ts";

/** The server's registered schemas by `$id`, the names its `Type.Ref`s use. */
const registered: Record<string, TSchema> = Object.fromEntries(
  [...sharedSchemas, ErrorBody].map((schema) => [(schema as { $id?: string }).$id ?? "", schema]),
);

/**
 * Asserts that a real answer matches the schema its SDK type is derived from, listing every
 * mismatch: where the server declares no schema, this is what holds the SDK's schema to the truth.
 *
 * @example
 * ```ts
 * assertShape(Trace, await client.trace(hash), "trace");
 * ```
 */
export function assertShape(schema: TSchema, value: unknown, what: string): void {
  const errors = Value.Errors(registered, schema, value).map((e) => `${e.instancePath || "/"} ${e.message}`);
  assert.deepEqual(
    errors,
    [],
    `${what} does not match the SDK's schema: ${JSON.stringify(value).slice(0, 500)}`,
  );
}
