import { open, rename } from "node:fs/promises";
import { join } from "node:path";
import { fsyncDirectory } from "./fsync-directory.ts";
import type { SegmentInfo } from "./recover.ts";
import { encodeSegmentHeader } from "./segment-header.ts";
import { segmentFileName } from "./segment-name.ts";
import { writeFully } from "./write-fully.ts";

/**
 * Creates a segment atomically: header written and fsynced under a temporary name, then renamed.
 * The file holds the header alone; `ZeroAhead` fills it with zeros ahead of its records.
 */
export async function createSegment(
  dir: string,
  segmentNumber: number,
  firstSeq: number,
): Promise<SegmentInfo> {
  const path = join(dir, segmentFileName(segmentNumber));
  const temporary = `${path}.tmp`;
  const file = await open(temporary, "w");
  try {
    await writeFully(file, encodeSegmentHeader(segmentNumber, firstSeq), 0);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  fsyncDirectory(dir);
  return { segmentNumber, path, firstSeq };
}
