import type { Buffer } from "node:buffer";
import { request, type Agent } from "node:http";

/** How one request ended: a status and the body's size, or no answer at all. */
export type Outcome =
  | {
      readonly kind: "answered";
      readonly status: number;
      readonly bytes: number;
      readonly errorText?: string;
    }
  | { readonly kind: "failed"; readonly message: string };

// A request still unanswered after this is a hung server, not a slow one: fail it so the run ends.
const TIMEOUT_MS = 30_000;
// Enough of an error body to name the error code and message.
const ERROR_TEXT_CHARS = 300;

/**
 * POSTs one JSON body over `agent` (keep-alive, so the connection is reused) and resolves when
 * the whole response has been read; never rejects. node:http rather than `fetch`: it is the
 * lightest client in Node 20 (no WHATWG streams), so the load generator needs less CPU per request
 * and leaves more of a small machine to the server. `headers` go with the request; its own
 * `content-type` and `content-length` win on a clash.
 */
export function sendRequest(
  agent: Agent,
  url: URL,
  body: Buffer,
  headers: Readonly<Record<string, string>> = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: { ...headers, "content-type": "application/json", "content-length": body.length },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let bytes = 0;
        let errorText = "";
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (status >= 400 && errorText.length < ERROR_TEXT_CHARS) errorText += chunk.toString("utf8");
        });
        res.on("end", () => {
          resolve(
            status >= 400
              ? { kind: "answered", status, bytes, errorText: errorText.slice(0, ERROR_TEXT_CHARS) }
              : { kind: "answered", status, bytes },
          );
        });
        res.on("error", (error) => {
          resolve({ kind: "failed", message: error.message });
        });
      },
    );
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`no answer in ${TIMEOUT_MS / 1000} s`)));
    req.on("error", (error) => {
      resolve({ kind: "failed", message: error.message });
    });
    req.end(body);
  });
}
