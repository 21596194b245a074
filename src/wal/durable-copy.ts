import { copyFile, open, rename } from "node:fs/promises";

/**
 * Copies `source` to `target` and fsyncs the copy, cut to `length` bytes when given (a log
 * segment's durable prefix). With `viaTemporary` the copy is made under `<target>.tmp` and renamed
 * into place, so `target` never holds half a file. The caller fsyncs the directory.
 */
export async function copyDurably(
  source: string,
  target: string,
  options: { readonly length?: number; readonly viaTemporary?: boolean } = {},
): Promise<void> {
  const destination = options.viaTemporary === true ? `${target}.tmp` : target;
  await copyFile(source, destination);
  const file = await open(destination, "r+");
  try {
    if (options.length !== undefined) await file.truncate(options.length);
    await file.sync();
  } finally {
    await file.close();
  }
  if (destination !== target) await rename(destination, target);
}
