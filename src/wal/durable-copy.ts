import { copyFile, open, rename, type FileHandle } from "node:fs/promises";
import { writeFully } from "./write-fully.ts";

const CHUNK = 1024 * 1024;

/**
 * Copies `source` to `target` and fsyncs the copy, only its first `length` bytes when given (a
 * log segment's durable prefix: the live segment's file is zero-filled past its records, and a
 * copy of the whole file cut afterwards would move those zeros too). With `viaTemporary`
 * the copy is made under `<target>.tmp` and renamed into place, so `target` never holds half a
 * file. The caller fsyncs the directory.
 */
export async function copyDurably(
  source: string,
  target: string,
  options: { readonly length?: number; readonly viaTemporary?: boolean } = {},
): Promise<void> {
  const destination = options.viaTemporary === true ? `${target}.tmp` : target;
  if (options.length === undefined) await copyFile(source, destination);
  const file = await open(destination, options.length === undefined ? "r+" : "w");
  try {
    if (options.length !== undefined) await copyPrefix(source, file, options.length);
    await file.sync();
  } finally {
    await file.close();
  }
  if (destination !== target) await rename(destination, target);
}

async function copyPrefix(source: string, output: FileHandle, length: number): Promise<void> {
  const input = await open(source, "r");
  try {
    const chunk = Buffer.allocUnsafe(Math.min(length, CHUNK));
    for (let at = 0; at < length;) {
      const { bytesRead } = await input.read(chunk, 0, Math.min(chunk.length, length - at), at);
      if (bytesRead === 0) {
        throw new Error(`Cannot copy the first ${length} bytes of ${source}: the file ends at ${at}`);
      }
      await writeFully(output, chunk.subarray(0, bytesRead), at);
      at += bytesRead;
    }
  } finally {
    await input.close();
  }
}
