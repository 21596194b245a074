/** Bytes compared at a time; a `Buffer.equals` of 64 KiB is a memcmp, not a loop in JavaScript. */
const CHUNK = 64 * 1024;
const ZEROS = Buffer.alloc(CHUNK);

/**
 * Where the bytes from `from` on stop holding anything but zeros: just past the last non-zero
 * byte, or `from` when every byte from there is zero. A preallocated segment is zero-filled past
 * its last record, so this tells the unused space (nothing to drop, nothing to search for a
 * record) from bytes a write left behind.
 *
 * @example
 * ```ts
 * endOfData(Buffer.from([7, 0, 9, 0, 0]), 0); // 3
 * endOfData(Buffer.from([7, 0, 0]), 1); // 1: only zeros from offset 1
 * ```
 */
export function endOfData(bytes: Uint8Array, from: number): number {
  let end = bytes.length;
  while (end > from) {
    const start = Math.max(from, end - CHUNK);
    const chunk = bytes.subarray(start, end);
    if (!ZEROS.subarray(0, chunk.length).equals(chunk)) {
      for (let i = chunk.length - 1; ; i--) if (chunk[i] !== 0) return start + i + 1;
    }
    end = start;
  }
  return from;
}
