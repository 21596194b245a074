/**
 * Runs `work` over every item, at most `limit` at a time, and resolves with the results in the
 * items' order (rejects with the first error). Keeps a page's many small reads (a trace per
 * claim, an agent per row) from queueing dozens of requests at once.
 *
 * @example
 * ```ts
 * const traces = await inParallel(claims, 6, (claim) => client.trace(claim.hash));
 * ```
 */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
