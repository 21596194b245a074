import type { SourceInfo, StemeClient } from "../../client/index.ts";
import { StemeApiError } from "../../client/api-error.ts";

/**
 * A source's registration and retractions, or `undefined` when the server has no record of it
 * (404): claims may cite a hash that was never registered.
 *
 * @example
 * ```ts
 * const info = await registration(client, hash, signal);
 * info?.retracted;
 * ```
 */
export async function registration(
  client: StemeClient,
  hash: string,
  signal: AbortSignal,
): Promise<SourceInfo | undefined> {
  try {
    return await client.getSource(hash, {}, { signal });
  } catch (error) {
    if (error instanceof StemeApiError && error.status === 404) return undefined;
    throw error;
  }
}
