import { open, stat } from "node:fs/promises";
import { copyDurably } from "./durable-copy.ts";
import { basename, join } from "node:path";
import type { SegmentInfo } from "./recover.ts";

/** What the archive holds of the segment still taking appends: its name and durable length. */
export interface ArchivedTail {
  readonly name: string;
  readonly bytes: number;
}

/**
 * Brings the archive's copy of the live (last) segment up to `durableBytes`. Segments only grow,
 * so when the archive's copy is the one `known` describes, only the new bytes are appended and
 * fsynced; otherwise (first pass, a rotation, a copy changed behind our back) the durable prefix
 * is copied whole under a temporary name and renamed. A crash mid-append leaves a copy longer
 * than `known`, which the next pass replaces whole, so the archive never keeps a torn record.
 */
export async function archiveTail(
  tail: SegmentInfo,
  durableBytes: number,
  archiveDir: string,
  known: ArchivedTail | undefined,
): Promise<ArchivedTail> {
  const name = basename(tail.path);
  const target = join(archiveDir, name);
  const existing = await stat(target).catch(() => undefined);
  if (known?.name === name && existing?.size === known.bytes && durableBytes >= known.bytes) {
    if (durableBytes > known.bytes) await appendRange(tail.path, target, known.bytes, durableBytes);
    return { name, bytes: durableBytes };
  }
  await copyDurably(tail.path, target, { length: durableBytes, viaTemporary: true });
  return { name, bytes: durableBytes };
}

async function appendRange(source: string, target: string, from: number, to: number): Promise<void> {
  const input = await open(source, "r");
  const output = await open(target, "r+");
  try {
    const chunk = Buffer.allocUnsafe(Math.min(to - from, 1 << 20));
    for (let at = from; at < to;) {
      const { bytesRead } = await input.read(chunk, 0, Math.min(chunk.length, to - at), at);
      if (bytesRead === 0) throw new Error(`${source} is shorter than its durable length ${to}`);
      await output.write(chunk, 0, bytesRead, at);
      at += bytesRead;
    }
    await output.sync();
  } finally {
    await input.close();
    await output.close();
  }
}
