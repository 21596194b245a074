import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

/** Another live process holds the directory. */
export class DirectoryLockedError extends Error {
  override readonly name = "DirectoryLockedError";
  readonly pid: number;

  constructor(dir: string, pid: number) {
    super(
      `Cannot open "${dir}": it is in use by process ${pid} (lock file ${join(dir, LOCK_FILE)}); ` +
        `stop that process first`,
    );
    this.pid = pid;
  }
}

const LOCK_FILE = "stemedb.lock";

/**
 * An exclusive, advisory lock on a data directory: a file holding the owner's pid, created with
 * O_EXCL. A lock whose process is gone (killed with SIGKILL, say) is stale and taken over, so a
 * crash never needs a person to delete a file before the restart.
 */
export class DirectoryLock {
  readonly #path: string;
  #released = false;

  private constructor(path: string) {
    this.#path = path;
  }

  static acquire(dir: string): DirectoryLock {
    const path = join(dir, LOCK_FILE);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(path, "wx", 0o644);
        writeSync(fd, `${process.pid}\n`);
        closeSync(fd);
        return new DirectoryLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const owner = readOwner(path);
      // Our own pid counts as live: a second open in this process would corrupt the log the same way.
      if (owner !== undefined && isAlive(owner)) throw new DirectoryLockedError(dir, owner);
      rmSync(path, { force: true });
    }
    throw new Error(`Cannot lock "${dir}": the lock file keeps reappearing; is another server starting?`);
  }

  /** The pid holding `dir`, if a live process does. */
  static holder(dir: string): number | undefined {
    const owner = readOwner(join(dir, LOCK_FILE));
    return owner !== undefined && isAlive(owner) ? owner : undefined;
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    rmSync(this.#path, { force: true });
  }
}

function readOwner(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
