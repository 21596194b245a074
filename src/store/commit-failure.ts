import { statfsSync } from "node:fs";

/** A store transaction that did not commit, with the cause in words an operator acts on. */
export class CommitFailure extends Error {
  override readonly name = "CommitFailure";
  /** The filesystem under the store had no room for the transaction's pages. */
  readonly noSpace: boolean;
  /** The store's directory and the bytes free under it then, for the log (not for clients). */
  readonly dir: string;
  readonly freeBytes: number | undefined;

  constructor(noSpace: boolean, dir: string, freeBytes: number | undefined, cause: unknown) {
    const text = cause instanceof Error ? cause.message : String(cause);
    super(noSpace ? "No space left on device for the store" : `Store commit failed: ${text}`, { cause });
    this.noSpace = noSpace;
    this.dir = dir;
    this.freeBytes = freeBytes;
  }
}

const ENOSPC = 28;
const EIO = 5;
const MDB_MAP_FULL = -30792;
/** Below this many free bytes a short write means the disk filled up, not that it failed. */
const NEARLY_FULL_BYTES = 1024 * 1024;
/** The cause settles with the rejection in practice; the bound only guards against a stall. */
const CAUSE_WAIT_MS = 1000;

/**
 * What a failed lmdb-js commit means. lmdb-js rejects with a generic "Commit failed" error whose
 * `commitError` promise carries the real cause; awaiting it here also handles that promise, which
 * would otherwise be an unhandled rejection and end the process. LMDB reports a short write (the
 * usual way a full disk shows on tmpfs and ext4) as EIO, so EIO on a nearly full filesystem counts
 * as no space too.
 */
export async function commitFailure(error: unknown, dir: string): Promise<CommitFailure> {
  const pending = (error as { commitError?: unknown } | undefined)?.commitError;
  let cause = error;
  if (pending instanceof Promise) {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<unknown>((done) => {
      timer = setTimeout(() => {
        done(error);
      }, CAUSE_WAIT_MS);
    });
    cause = await Promise.race([
      pending.then(
        () => error,
        (reason: unknown) => reason,
      ),
      stalled,
    ]);
    clearTimeout(timer);
  }
  const code = (cause as { code?: unknown } | undefined)?.code;
  const free = freeBytes(dir);
  const noSpace =
    code === ENOSPC ||
    code === "ENOSPC" ||
    code === MDB_MAP_FULL ||
    (cause instanceof Error && cause.message.includes("MDB_MAP_FULL")) ||
    (code === EIO && free !== undefined && free < NEARLY_FULL_BYTES);
  return new CommitFailure(noSpace, dir, free, cause);
}

function freeBytes(dir: string): number | undefined {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}
