/**
 * The OpenAPI 3.1 document of a StemeDB server (`GET /v1/openapi.json`), typed as far as SDK users
 * usually read it; the rest is there untyped.
 *
 * @example
 * ```ts
 * const document: OpenApiDocument = await client.openApi();
 * document.info.version; // the server's version
 * ```
 */
export interface OpenApiDocument {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string; readonly description?: string };
  /** Each path's operations by lower-case method: `paths["/v1/assert"].post`. */
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, unknown>> };
  readonly [member: string]: unknown;
}
