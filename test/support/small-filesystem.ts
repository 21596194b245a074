import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A size-limited filesystem mounted for a test: a real disk that really fills up. */
export interface SmallFilesystem {
  /** Where it is mounted. */
  readonly dir: string;
  /** `tmpfs`, or `ext4` on a loop device when tmpfs could not be mounted. */
  readonly kind: "tmpfs" | "ext4";
  /** Bytes an unprivileged write can still use. */
  freeBytes(): number;
  /** Unmounts and removes everything; safe to call twice. */
  unmount(): void;
}

/**
 * Mounts a `sizeMiB` tmpfs (or, when that is refused, an ext4 image on a loop device) in a new
 * temporary directory. Needs root (CAP_SYS_ADMIN); throws saying so otherwise, so a test that
 * depends on a real full disk fails loudly instead of passing without having run.
 */
export function mountSmallFilesystem(sizeMiB: number): SmallFilesystem {
  const root = mkdtempSync(join(tmpdir(), "stemedb-small-fs-"));
  const dir = join(root, "mnt");
  mkdirSync(dir);
  const problems: string[] = [];
  try {
    run("mount", ["-t", "tmpfs", "-o", `size=${sizeMiB}m,mode=0755`, "tmpfs", dir]);
    return handle(root, dir, "tmpfs");
  } catch (error) {
    problems.push(`mount -t tmpfs: ${reason(error)}`);
  }
  const image = join(root, "disk.img");
  try {
    run("truncate", ["-s", `${sizeMiB}M`, image]);
    // -m 0: no blocks reserved for root, or root (the test) could write past "full".
    run("mkfs.ext4", ["-q", "-F", "-m", "0", image]);
    run("mount", ["-o", "loop", image, dir]);
    return handle(root, dir, "ext4");
  } catch (error) {
    problems.push(`loopback ext4: ${reason(error)}`);
  }
  rmSync(root, { recursive: true, force: true });
  const uid = process.getuid?.();
  throw new Error(
    `This test needs a size-limited filesystem and could not mount one (running as uid ${uid ?? "?"}). ` +
      `Run it as root, or with CAP_SYS_ADMIN, on a kernel that allows tmpfs or loop mounts. ` +
      problems.join("; "),
  );
}

function handle(root: string, dir: string, kind: SmallFilesystem["kind"]): SmallFilesystem {
  let mounted = true;
  return {
    dir,
    kind,
    freeBytes: () => {
      const stats = statfsSync(dir);
      return stats.bavail * stats.bsize;
    },
    unmount: () => {
      if (mounted) {
        // Lazy: a server the test killed may still be closing its files.
        run("umount", ["-l", dir]);
        mounted = false;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function run(command: string, args: readonly string[]): void {
  execFileSync(command, args, { stdio: ["ignore", "ignore", "pipe"] });
}

function reason(error: unknown): string {
  const stderr = (error as { stderr?: Buffer } | undefined)?.stderr?.toString().trim();
  if (stderr !== undefined && stderr !== "") return stderr.replace(/\s+/g, " ");
  return error instanceof Error ? error.message : String(error);
}
