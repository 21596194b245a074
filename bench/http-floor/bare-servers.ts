/** Starts `bare-server.ts` in a process of its own and stops it by its PID. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export type BareMode = "node" | "fastify";

export interface BareServer {
  readonly url: string;
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL("./bare-server.ts", import.meta.url));
const LISTENING = /listening on (http:\/\/\S+)/;

/**
 * Starts a server answering every request with a JSON body of `answerBytes` bytes.
 *
 * @example
 * ```ts
 * const server = await startBareServer("node", 900);
 * await server.stop();
 * ```
 */
export async function startBareServer(mode: BareMode, answerBytes: number): Promise<BareServer> {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, mode, String(answerBytes)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = once(child, "exit");
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGKILL");
    await exited;
  };
  const output: string[] = [];
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const onLine = (line: string): void => {
        output.push(line);
        const match = LISTENING.exec(line);
        if (match?.[1] !== undefined) resolve(match[1]);
      };
      createInterface({ input: child.stdout }).on("line", onLine);
      createInterface({ input: child.stderr }).on("line", onLine);
      child.on("error", reject);
      child.on("exit", (code) => {
        reject(new Error(`Cannot start the ${mode} server: it exited (code ${code}): ${output.join(" | ")}`));
      });
    });
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
