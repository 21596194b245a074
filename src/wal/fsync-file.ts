import { closeSync, fsyncSync, openSync } from "node:fs";

/** Forces a file's data to disk, so that renaming it into place publishes complete contents. */
export function fsyncFile(path: string): void {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
