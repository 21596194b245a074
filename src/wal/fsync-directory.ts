import { closeSync, fsyncSync, openSync } from "node:fs";

/**
 * Makes a directory's entries durable: after creating, renaming or deleting a file, the file's
 * data may be on disk while its name is not, until the directory itself is fsynced (POSIX).
 */
export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
