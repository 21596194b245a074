import { mkdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { copyDurably } from "./durable-copy.ts";
import { fsyncDirectory } from "./fsync-directory.ts";
import type { SegmentInfo } from "./recover.ts";

/**
 * Copies sealed segments into an archive directory for point-in-time recovery. Each copy is
 * written under a temporary name, fsynced and renamed, so the archive never holds half a segment.
 * Segments already archived with the same size are skipped, which makes the call idempotent.
 * Returns the names of the segments copied.
 */
export async function archiveSegments(sealed: readonly SegmentInfo[], archiveDir: string): Promise<string[]> {
  await mkdir(archiveDir, { recursive: true });
  const copied: string[] = [];
  for (const segment of sealed) {
    const name = basename(segment.path);
    const target = join(archiveDir, name);
    const source = await stat(segment.path);
    const existing = await stat(target).catch(() => undefined);
    if (existing?.size === source.size) continue;
    await copyDurably(segment.path, target, { viaTemporary: true });
    copied.push(name);
  }
  if (copied.length > 0) fsyncDirectory(archiveDir);
  return copied;
}
