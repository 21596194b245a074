import type { FileHandle } from "node:fs/promises";

/** Writes all of `bytes` at `position`: a positional write may write less than asked. */
export async function writeFully(file: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await file.write(bytes, written, bytes.length - written, position + written);
    if (bytesWritten === 0) throw new Error("write returned 0 bytes");
    written += bytesWritten;
  }
}
