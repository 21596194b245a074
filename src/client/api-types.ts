// Every request and answer type of the SDK is the static type of a schema (docs/sdk.md §Types):
// the server's exported schemas where it exports them, else the SDK's schemas in ./schemas/,
// which the conformance test holds to the server's OpenAPI document and the type tests to the
// server's JSON types. Type-only: none of this exists at run time.
export type * from "./types/write-types.ts";
export type * from "./types/query-types.ts";
export type * from "./types/read-types.ts";
export type * from "./types/record-types.ts";
export type * from "./types/admin-types.ts";
export type * from "./types/cluster-types.ts";
