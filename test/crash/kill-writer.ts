import assert from "node:assert/strict";
import { spawn } from "node:child_process";

/**
 * Runs a writer child (`node --import tsx <child> ...args`) that prints `ready` once open and then
 * one line per acknowledged write, and SIGKILLs it at a random moment up to `maxDelayMs` after
 * `ready`. Hands every other line to `onAcknowledged`, in order; asserts the child died by the
 * kill, not by an error of its own.
 */
export async function killWriterAtRandom(
  child: string,
  args: readonly string[],
  maxDelayMs: number,
  onAcknowledged: (line: string) => void,
): Promise<void> {
  const writer = spawn(process.execPath, ["--import", "tsx", child, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let partial = "";
  let killTimer: NodeJS.Timeout | undefined;
  writer.stdout.setEncoding("utf8");
  writer.stdout.on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      if (line === "ready") {
        // Anywhere from just after start to well into sustained load.
        killTimer = setTimeout(() => writer.kill("SIGKILL"), 20 + Math.floor(Math.random() * maxDelayMs));
      } else {
        onAcknowledged(line);
      }
    }
  });
  const exit = await new Promise<NodeJS.Signals | number | null>((resolve) =>
    writer.on("exit", (code, signal) => {
      resolve(signal ?? code);
    }),
  );
  clearTimeout(killTimer);
  assert.equal(exit, "SIGKILL", `the writer must die by SIGKILL, not exit with ${String(exit)}`);
}
