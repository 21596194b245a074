import type { FileHandle } from "node:fs/promises";

const CHUNK = 1024 * 1024;
let zeros: Buffer | undefined;

/**
 * Writes zeros over `[from, to)` of `file` and fsyncs it: blocks allocated and written, the size
 * and block map durable, so an append inside the range changes no metadata and its fdatasync
 * flushes data alone. Measured on the VM's ext4 (230-byte write + fdatasync, p50 of 4,000, six
 * runs): a growing file 111–134 µs on every write; `ftruncate` (sparse: `stat.blocks` stays 0)
 * 77–93 µs, but 130–153 µs on each write that reaches a new 4 KiB block (allocation); `fallocate`
 * (the same `stat.blocks` as zeros, but ext4 marks the extents unwritten) 74–87 µs, and 125–153 µs
 * on a new block (the conversion, journalled); written zeros 71–96 µs, new block or not. Node has
 * no fallocate anyway.
 */
export async function zeroFill(file: FileHandle, from: number, to: number): Promise<void> {
  zeros ??= Buffer.alloc(CHUNK);
  for (let at = from; at < to;) {
    const { bytesWritten } = await file.write(zeros, 0, Math.min(CHUNK, to - at), at);
    if (bytesWritten === 0) throw new Error("write returned 0 bytes");
    at += bytesWritten;
  }
  await file.sync();
}
