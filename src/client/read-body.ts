import { StemeApiError } from "./api-error.ts";

/**
 * The JSON body of a successful answer. A body that is not JSON (something in front of the
 * server answered) is a `StemeApiError` with code `invalid_response`, never a bare `SyntaxError`.
 *
 * @example
 * ```ts
 * const health = await readJson<Health>(await fetch(`${baseUrl}/v1/health`));
 * ```
 */
export async function readJson<T>(response: Response): Promise<T> {
  const text = await response.text();
  const requestId = response.headers.get("x-request-id");
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new StemeApiError({
      status: response.status,
      body: {
        error: "invalid_response",
        message: `The answer is not JSON (content-type ${response.headers.get("content-type") ?? "none"}): ${text.slice(0, 200)}`,
      },
      ...(requestId !== null ? { requestId } : {}),
    });
  }
}

/**
 * The text body of a successful answer (`GET /metrics`).
 *
 * @example
 * ```ts
 * const metrics = await readText(await fetch(`${baseUrl}/metrics`));
 * ```
 */
export function readText(response: Response): Promise<string> {
  return response.text();
}
