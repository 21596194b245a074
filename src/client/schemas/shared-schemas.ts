import type { Static, TSchema } from "typebox";
import type {
  AssertionInput,
  AssertionOutput,
  WriteResult,
  sharedSchemas,
} from "../../api/schemas/assertion.ts";
import type { ErrorBody } from "../../api/schemas/common.ts";

// Type-only imports: these are the server's own schema objects, seen by the compiler and erased from
// the client's JavaScript, so a browser bundle of the SDK never pulls TypeBox or the server in.

type Registered = (typeof sharedSchemas)[number];

/**
 * The registered schema whose properties include all of `Keys`. `Value` and `Source` are only
 * reachable through the `sharedSchemas` list (their constants are private to the server's module),
 * so they are picked out of it by shape; a change of their properties makes this `never` and every
 * type using them fails to compile, which is the point.
 */
type RegisteredWith<Keys extends string> = Extract<Registered, { properties: Record<Keys, unknown> }>;

/**
 * The schemas the server registers by `$id` and its routes reference with `Type.Ref`. `Static`
 * alone turns a reference into `unknown`; given this context it resolves each name to its schema.
 */
export type SharedSchemas = {
  Value: RegisteredWith<"type" | "value">;
  Source: RegisteredWith<"uri" | "hash">;
  AssertionInput: typeof AssertionInput;
  Assertion: typeof AssertionOutput;
  WriteResult: typeof WriteResult;
  ErrorBody: typeof ErrorBody;
};

/**
 * The TypeScript type of a schema, with the server's `Type.Ref` names resolved.
 *
 * @example
 * ```ts
 * import type { WriteResult } from "../../api/schemas/assertion.ts";
 * type Written = StaticOf<typeof WriteResult>; // { hash: string; status: "created" | …; assertion: {…} }
 * ```
 */
export type StaticOf<T extends TSchema> = Static<T, SharedSchemas>;
