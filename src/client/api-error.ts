/**
 * An error answer from a StemeDB server, with everything the server said about it.
 *
 * @example
 * ```ts
 * try {
 *   await client.assert({ concept_path: "a/b", predicate: "p", value: 1, confidence: 2 });
 * } catch (error) {
 *   if (error instanceof StemeApiError) console.error(error.status, error.code, error.field);
 * }
 * ```
 */
export class StemeApiError extends Error {
  override readonly name = "StemeApiError";
  /** HTTP status, e.g. 400. */
  readonly status: number;
  /** Machine-readable code from the body, e.g. `validation_failed`. */
  readonly code: string;
  /** JSON path of the field at fault, when one is. */
  readonly field: string | undefined;
  /** The server's id of the request, to find it in the server log. */
  readonly requestId: string | undefined;

  constructor(
    status: number,
    body: { error?: string; message?: string; field?: string; request_id?: string },
  ) {
    super(body.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body.error ?? "http_error";
    this.field = body.field;
    this.requestId = body.request_id;
  }
}
