import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

// Debian installs daemons' commands (nginx) in sbin directories, which a non-root PATH leaves out.
const SBIN_DIRS = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

/** The absolute path of an executable `command` on PATH or in the sbin directories, if any. */
export function findCommand(command: string): string | undefined {
  const dirs = [...(process.env["PATH"] ?? "").split(delimiter).filter((d) => d !== ""), ...SBIN_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; try the next directory.
    }
  }
  return undefined;
}

async function aptGet(args: readonly string[]): Promise<boolean> {
  try {
    // Test files run in parallel: wait for another install's dpkg lock instead of failing.
    await run("apt-get", ["-o", "DPkg::Lock::Timeout=300", ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      maxBuffer: 64 * 1024 * 1024,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * The path of `command`, installing the Debian package that provides it when it is missing and
 * this process is root (as in CI). Throws naming the package when the command cannot be had.
 *
 * @example
 * const promtool = await requireDebianTool("promtool", "prometheus");
 */
export async function requireDebianTool(command: string, debianPackage: string): Promise<string> {
  const present = findCommand(command);
  if (present !== undefined) return present;
  if (process.getuid?.() === 0) {
    const install = ["install", "-y", "-qq", "--no-install-recommends", debianPackage];
    // A stale or empty package list is the usual reason an install fails: refresh it once.
    if (!(await aptGet(install)) && (await aptGet(["update", "-qq"]))) await aptGet(install);
  }
  const installed = findCommand(command);
  if (installed !== undefined) return installed;
  throw new Error(
    `Cannot run the deployment tests without the ${command} command: install the Debian package "${debianPackage}" (apt-get install ${debianPackage})`,
  );
}
