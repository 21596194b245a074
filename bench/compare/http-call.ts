import { Buffer } from "node:buffer";
import { request, type Agent } from "node:http";

/** A response: its status and its body as text. */
export interface HttpReply {
  readonly status: number;
  readonly text: string;
}

export interface HttpCall {
  readonly method: "GET" | "POST";
  readonly url: URL;
  /** JSON text, for a POST. */
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The address the connection comes from (another loopback address is another client). */
  readonly localAddress?: string;
}

// An answer still missing after this is a hung server, not a slow one: fail so the run ends.
const TIMEOUT_MS = 60_000;

/**
 * Sends one request over `agent` (keep-alive, so a client's connection is reused) and resolves
 * with the whole response; rejects only when there is no response. node:http rather than `fetch`:
 * in Node 20 it is the lightest client (no WHATWG streams), so the client takes less of the CPU
 * the server shares with it.
 *
 * @example
 * ```ts
 * const reply = await httpCall(agent, { method: "GET", url: new URL("/v1/health", base) });
 * ```
 */
export function httpCall(agent: Agent, call: HttpCall): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...call.headers };
    if (call.body !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = Buffer.byteLength(call.body);
    }
    const req = request(
      call.url,
      {
        method: call.method,
        agent,
        headers,
        ...(call.localAddress !== undefined ? { localAddress: call.localAddress } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", reject);
      },
    );
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`no answer in ${TIMEOUT_MS / 1000} s`)));
    req.on("error", reject);
    req.end(call.body);
  });
}
