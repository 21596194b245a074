import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const CLI = join(import.meta.dirname, "..", "..", "bin", "stemedb.js");

export interface Finished {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** Runs a program to its end with `env` on top of this process's environment; never throws on exit codes. */
export async function runToEnd(
  file: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<Finished> {
  try {
    const { stdout, stderr } = await run(file, [...args], { env: { ...process.env, ...env } });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** Runs the `stemedb` command line (`bin/stemedb.js`). */
export function stemedb(args: readonly string[], env: Record<string, string> = {}): Promise<Finished> {
  return runToEnd(process.execPath, [CLI, ...args], env);
}
