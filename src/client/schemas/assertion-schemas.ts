import { Type } from "typebox";

// `POST /v1/assert` uses the server's exported schemas directly (`AssertionInput`, `WriteResult`);
// the batch route wraps them inline, repeated here and compared with the OpenAPI document.

/** `POST /v1/assert/batch` body: up to 10,000 assertions, validated all or nothing. */
export const BatchInput = Type.Object({
  assertions: Type.Array(Type.Ref("AssertionInput"), { maxItems: 10_000 }),
});

/** `POST /v1/assert/batch` answer: one result per assertion, in order. */
export const BatchResult = Type.Object({ results: Type.Array(Type.Ref("WriteResult")) });
