/**
 * The rate of a growing counter between two readings, e.g. assertions stored per second from
 * successive `stemedb_assertions_total` values. Before a second reading it has no rate; a counter
 * that went down (the server restarted) starts over.
 *
 * @example
 * ```ts
 * const ingest = new RateMeter();
 * ingest.read(100, 0);
 * ingest.read(150, 5_000); // 10 per second
 * ```
 */
export class RateMeter {
  #last: { readonly count: number; readonly atMs: number } | undefined;

  /** Takes a reading and returns the rate per second since the previous one, if there was one. */
  read(count: number, atMs: number): number | undefined {
    const last = this.#last;
    this.#last = { count, atMs };
    if (last === undefined || atMs <= last.atMs || count < last.count) return undefined;
    return ((count - last.count) * 1000) / (atMs - last.atMs);
  }
}
