import { basename, join } from "node:path";
import { copyDurably } from "./durable-copy.ts";
import { fsyncDirectory } from "./fsync-directory.ts";
import type { SegmentInfo } from "./recover.ts";

/**
 * Copies a durable prefix of the log (`Wal.durablePrefix`) into `toDir`, which must exist: the
 * sealed segments whole, the last one cut at the bytes that were durable when the prefix was
 * taken, so appends made while copying never leave half a record in the copy. Every file and the
 * directory are fsynced. Returns the names of the files written.
 */
export async function copyLogPrefix(
  prefix: { readonly segments: readonly SegmentInfo[]; readonly tailSize: number },
  toDir: string,
): Promise<string[]> {
  const names: string[] = [];
  for (const [i, segment] of prefix.segments.entries()) {
    const name = basename(segment.path);
    const target = join(toDir, name);
    const isTail = i === prefix.segments.length - 1;
    await copyDurably(segment.path, target, isTail ? { length: prefix.tailSize } : {});
    names.push(name);
  }
  fsyncDirectory(toDir);
  return names;
}
