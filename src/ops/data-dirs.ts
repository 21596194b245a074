import { accessSync, constants, mkdirSync } from "node:fs";
import { resolve } from "node:path";

/** A data directory that cannot be used, with the reason in words an operator greps for. */
export class DataDirError extends Error {
  override readonly name = "DataDirError";
}

/**
 * Creates the WAL and store directories if missing and checks that this process may write in
 * them, so a permission problem stops the start at step 4 with the directory named, not later
 * in the middle of recovery.
 */
export function prepareDataDirs(dirs: Readonly<Record<string, string>>): void {
  for (const [variable, dir] of Object.entries(dirs)) {
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === "EACCES" || code === "EPERM"
          ? "permission denied"
          : code === "ENOSPC"
            ? "No space left on device"
            : code === "ENOTDIR" || code === "EEXIST"
              ? "a file is in the way (not a directory)"
              : (error as Error).message;
      throw new DataDirError(`Data directory ${resolve(dir)} (${variable}) cannot be used: ${reason}`);
    }
  }
}
