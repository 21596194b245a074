import type { Assertion, WinnerChange } from "./api-types.ts";

/**
 * One event of `GET /v1/watch`: a new assertion under the watched path, or a pair whose winner
 * (under the watched lens) changed.
 *
 * @example
 * ```ts
 * function describe(event: WatchEvent): string {
 *   return event.kind === "assertion" ? `new claim ${event.assertion.hash}` : `new winner for ${event.change.predicate}`;
 * }
 * ```
 */
export type WatchEvent =
  | { readonly kind: "assertion"; readonly assertion: Assertion }
  | { readonly kind: "winner"; readonly change: WinnerChange };

/**
 * The events of a Server-Sent Events answer (the WHATWG HTML "event stream" format: `event:` and
 * `data:` lines, a blank line ends an event, lines starting with `:` are comments such as the
 * server's heartbeats). `open` is called when iteration starts; leaving the loop early cancels
 * the stream, and with it the request.
 *
 * @example
 * ```ts
 * for await (const event of watchEvents(() => fetch(`${baseUrl}/v1/watch?concept_path=drugs/*`))) {
 *   console.log(event.kind);
 * }
 * ```
 */
export async function* watchEvents(
  open: () => Promise<Response>,
): AsyncGenerator<WatchEvent, void, undefined> {
  const response = await open();
  if (response.body === null) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  let event = "message";
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffered += value;
      const lines = buffered.split(/\r\n|\r|\n/);
      // The last piece may be a line cut in half by the network: keep it for the next chunk.
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (line === "") {
          const parsed = data.length === 0 ? undefined : toEvent(event, data.join("\n"));
          if (parsed !== undefined) yield parsed;
          event = "message";
          data = [];
        } else if (!line.startsWith(":")) {
          const colon = line.indexOf(":");
          const name = colon === -1 ? line : line.slice(0, colon);
          const text = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (name === "event") event = text;
          else if (name === "data") data.push(text);
        }
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** The typed event, or `undefined` for an event kind this SDK does not know (a newer server). */
function toEvent(event: string, data: string): WatchEvent | undefined {
  if (event === "assertion") return { kind: "assertion", assertion: JSON.parse(data) as Assertion };
  if (event === "winner") return { kind: "winner", change: JSON.parse(data) as WinnerChange };
  return undefined;
}
