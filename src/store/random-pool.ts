import { randomFillSync } from "node:crypto";

/**
 * Random bytes handed out from a pool filled 4 KiB at a time, as node's `randomUUID` does: one
 * call into the system's generator costs about 20 µs on our VMs whatever the size asked, which a
 * query id (24 random bytes, on every query) would otherwise pay each time.
 *
 * @example
 * ```ts
 * const pool = new RandomPool();
 * pool.take(24); // a fresh Buffer of 24 random bytes
 * ```
 */
export class RandomPool {
  readonly #pool: Buffer;
  #offset: number;

  constructor(size = 4096) {
    this.#pool = Buffer.alloc(size);
    this.#offset = size;
  }

  /** `length` random bytes, in a Buffer of their own (never shared with a later call). */
  take(length: number): Buffer {
    if (length > this.#pool.length) return randomFillSync(Buffer.alloc(length));
    if (this.#offset + length > this.#pool.length) {
      randomFillSync(this.#pool);
      this.#offset = 0;
    }
    const bytes = Buffer.from(this.#pool.subarray(this.#offset, this.#offset + length));
    this.#offset += length;
    return bytes;
  }
}
