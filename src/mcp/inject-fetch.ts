import type { FastifyInstance } from "fastify";

/**
 * A `fetch` that answers through a Fastify application in the same process (`app.inject`), with
 * no socket: each call runs the application's whole request path (authentication, rate limits,
 * quotas, breakers, validation, the error mapper, metrics), as if it had arrived over the network
 * from `remoteAddress`, the address rate limits count unauthenticated callers by.
 *
 * @example
 * ```ts
 * const client = new StemeClient({ baseUrl: "http://stemedb.internal", fetch: injectFetch(app, request.ip) });
 * await client.health();
 * ```
 */
export function injectFetch(app: Pick<FastifyInstance, "inject">, remoteAddress: string): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const payload = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const answer = await app.inject({
      method: request.method,
      url: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(request.headers),
      remoteAddress,
      signal: request.signal,
      ...(payload !== undefined ? { payload } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, String(item));
    }
    // A Response may not carry a body for these, even an empty one.
    const bodiless = answer.statusCode === 204 || answer.statusCode === 304 || request.method === "HEAD";
    return new Response(bodiless ? null : new Uint8Array(answer.rawPayload), {
      status: answer.statusCode,
      headers,
    });
  };
}
