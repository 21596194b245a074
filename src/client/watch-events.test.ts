import assert from "node:assert/strict";
import { test } from "node:test";
import { watchEvents, type WatchEvent } from "./watch-events.ts";

/** An answer whose body arrives in exactly these chunks, to test the framing at chunk edges. */
function streamed(chunks: readonly string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

async function collect(chunks: readonly string[]): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  for await (const event of watchEvents(async () => streamed(chunks))) events.push(event);
  return events;
}

test("watchEvents parses the event-stream format across chunk boundaries", async () => {
  const winner = { concept_path: "a/b", predicate: "p", lens: "recency", winner: null };
  const events = await collect([
    ": watching a/*\n\n",
    'event: assertion\ndata: {"hash":"h1"',
    "}\n\nevent: winner\r\ndata: ",
    `${JSON.stringify(winner)}\r\n\r\n: ping\n\n`,
    "event: something-new\ndata: {}\n\n",
    'event: assertion\ndata: {"hash":"h2"}\n\n',
  ]);
  assert.deepEqual(events, [
    { kind: "assertion", assertion: { hash: "h1" } },
    { kind: "winner", change: winner },
    { kind: "assertion", assertion: { hash: "h2" } },
  ]);
});

test("watchEvents: an event cut off by the end of the stream is not reported", async () => {
  assert.deepEqual(await collect(['event: assertion\ndata: {"hash":"h1"}\n']), []);
});
