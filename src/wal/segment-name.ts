import { readdirSync } from "node:fs";
import { join } from "node:path";

const SEGMENT_FILE = /^segment-(\d{1,19})\.wal$/;

/** `segment-0000000042.wal`: numbers are zero-padded so a plain `ls` lists them in log order. */
export function segmentFileName(segmentNumber: number): string {
  return `segment-${String(segmentNumber).padStart(10, "0")}.wal`;
}

export function parseSegmentFileName(name: string): number | undefined {
  const match = SEGMENT_FILE.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export interface SegmentFile {
  readonly segmentNumber: number;
  readonly path: string;
}

/** The segment files of a WAL directory in log order. Other files are ignored. */
export function listSegmentFiles(dir: string): SegmentFile[] {
  const segments: SegmentFile[] = [];
  for (const name of readdirSync(dir)) {
    const segmentNumber = parseSegmentFileName(name);
    if (segmentNumber !== undefined) segments.push({ segmentNumber, path: join(dir, name) });
  }
  return segments.sort((a, b) => a.segmentNumber - b.segmentNumber);
}
