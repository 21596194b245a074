import { createHash } from "node:crypto";
import { createReadStream, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** One file of a backup as its metadata lists it: path relative to the backup, size, SHA-256. */
export interface FileDigest {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** Every regular file under `root`, as sorted `/`-separated paths relative to it. */
export function listFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) found.push(relative(root, path).split(sep).join("/"));
    }
  };
  walk(root);
  return found.sort();
}

/** Size and SHA-256 of `root/path`, read as a stream (segments and stores can be large). */
export async function digestFile(root: string, path: string): Promise<FileDigest> {
  const hash = createHash("sha256");
  const full = join(root, ...path.split("/"));
  for await (const chunk of createReadStream(full, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return { path, bytes: statSync(full).size, sha256: hash.digest("hex") };
}

/** Digests of every file under `root` but those named in `except`. */
export async function digestTree(
  root: string,
  except: ReadonlySet<string> = new Set(),
): Promise<FileDigest[]> {
  const digests: FileDigest[] = [];
  for (const path of listFiles(root)) if (!except.has(path)) digests.push(await digestFile(root, path));
  return digests;
}
