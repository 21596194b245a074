import { execFile, type ExecFileOptions } from "node:child_process";

export interface ToolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to its end and returns its exit code and output, failing or not: the tests
 * assert on warnings that tools print while still exiting 0.
 */
export function runTool(
  command: string,
  args: readonly string[],
  options: ExecFileOptions = {},
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024, ...options, encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : error.code;
        if (typeof code !== "number") {
          reject(new Error(`Cannot run ${command} ${args.join(" ")}: ${error?.message ?? "no exit code"}`));
          return;
        }
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The output of a run, for assertion messages. */
export function describeRun(result: ToolResult): string {
  return `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}
