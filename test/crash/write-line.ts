import { writeSync } from "node:fs";

/**
 * Writes one line to stdout synchronously, retried while the pipe is full (EAGAIN: the parent
 * reads slower than a busy child writes): once this returns, the line is in the pipe, even if the
 * process is killed right after.
 */
export function writeLine(line: string): void {
  const bytes = Buffer.from(`${line}\n`);
  for (let at = 0; at < bytes.length;) {
    try {
      at += writeSync(1, bytes, at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
    }
  }
}
