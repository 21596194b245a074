import { randomUUID } from "node:crypto";
import type { Duplex } from "node:stream";
import { createServer as createHttpServer, type RequestListener, type Server } from "node:http";
import { createServer as createHttpsServer, type ServerOptions as HttpsOptions } from "node:https";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { LogController } from "fastify";
import type { Logger as PinoLogger } from "pino";
import type { AppContext } from "./app-context.ts";
import { sendError } from "./error-body.ts";
import { adminRoutes } from "./routes/admin.ts";
import { operationsRoutes } from "./routes/operations.ts";
import { installShield } from "./shield-hooks.ts";
import { installClusterHooks } from "./cluster-hooks.ts";
import { clusterRoutes } from "./routes/cluster.ts";
import { parseJsonBody } from "./json-body.ts";
import { catalogRoutes } from "./routes/catalog.ts";
import { changeRoutes } from "./routes/changes.ts";
import { healthRoutes } from "./routes/health.ts";
import { queryRoutes } from "./routes/query.ts";
import { readRoutes } from "./routes/reads.ts";
import { recordRoutes } from "./routes/records.ts";
import { writeRoutes } from "./routes/writes.ts";
import { sharedSchemas } from "./schemas/assertion.ts";
import { ErrorBody } from "./schemas/common.ts";
import { consoleRoutes } from "../console/console-routes.ts";
import { mcpRoutes } from "../mcp/mcp-routes.ts";

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Builds the HTTP application: routes, schemas (which validate requests and generate the OpenAPI
 * document at `/v1/openapi.json`), the one error handler, request ids and request metrics. It
 * does not listen; `serve` binds it, tests call `app.inject`.
 */
export async function buildApp(ctx: AppContext, options: { logger?: PinoLogger; https?: HttpsOptions } = {}) {
  const https = options.https;
  const app = Fastify({
    ...(options.logger !== undefined ? { loggerInstance: options.logger } : {}),
    // Per-request lines would dominate the log at thousands of requests a second; request
    // metrics cover that, and errors are still logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    // We make the server ourselves so TLS (1.3 minimum, set by the caller) and plain HTTP share
    // one code path and one type.
    serverFactory: (handler: RequestListener): Server => {
      // Slow clients (slowloris) must not hold sockets: the whole header block must arrive within
      // the headers timeout, checked every second rather than node's default 30 s.
      const timeouts = {
        headersTimeout: ctx.config.shield.headersTimeoutMs,
        requestTimeout: ctx.config.shield.requestTimeoutMs,
        connectionsCheckingInterval: 1000,
      };
      const server =
        https !== undefined
          ? createHttpsServer({ ...https, ...timeouts }, handler)
          : createHttpServer(timeouts, handler);
      // Fastify applies its own socket timeouts only to servers it makes, so set them here: an
      // idle socket closes after 30 s, an idle keep-alive connection after 65 s (longer than
      // the 60 s idle timeout of common load balancers, so they close first).
      server.setTimeout(30_000);
      server.keepAliveTimeout = 65_000;
      return server;
    },
    bodyLimit: ctx.config.maxBodyBytes,
    // Echo a sane caller id, else make one: every response carries X-Request-Id.
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Validate exactly what was sent: no silent coercion of "0.9" to 0.9, no dropping of unknown
    // fields (the normaliser reports those by name).
    ajv: {
      customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: true, allErrors: false },
    },
    return503OnClosing: true,
    // Errors fastify raises before routing (a malformed percent-escape, an over-long path
    // parameter) get the same body and request id as every other error.
    clientErrorHandler: answerClientError,
    frameworkErrors: (error, request, reply) => {
      reply.header("x-request-id", request.id);
      void sendError(request, reply, error);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Strict UTF-8 JSON: fastify's default parser would store invalid bytes as U+FFFD.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, parseJsonBody);

  app.addSchema(ErrorBody);
  for (const schema of sharedSchemas) app.addSchema(schema);

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "StemeDB API",
        version: ctx.version,
        description:
          "StemeDB stores claims, not facts: immutable, content-addressed assertions that may contradict each other. " +
          "A lens picks the answer at read time and says how contested it is.",
      },
      servers: [],
      tags: [
        { name: "writes", description: "Assertions, votes, epochs, sources" },
        { name: "reads", description: "Queries, lenses, provenance" },
        { name: "operations", description: "Health and metrics" },
        { name: "admin", description: "Quarantine, circuit breakers, API keys, agent policy (admin token)" },
      ],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === "string" ? json.$id : `def-${i}`,
    },
  });
  await app.register(swaggerUi, { routePrefix: "/v1/docs", staticCSP: true });

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  if (ctx.metrics !== undefined) {
    const histogram = ctx.metrics.httpRequestDuration;
    app.addHook("onResponse", async (request, reply) => {
      histogram.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? "unmatched",
          status: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });
  }
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  installShield(app, ctx.shield);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: "not_found",
      message: `No route ${request.method} ${request.url.split("?")[0] ?? ""}; see /v1/openapi.json`,
      request_id: request.id,
    }),
  );

  installClusterHooks(app, ctx);
  await app.register(healthRoutes(ctx));
  await app.register(writeRoutes(ctx));
  await app.register(readRoutes(ctx));
  await app.register(catalogRoutes(ctx));
  await app.register(recordRoutes(ctx));
  await app.register(changeRoutes(ctx));
  await app.register(queryRoutes(ctx, ctx.evidence));
  await app.register(adminRoutes(ctx));
  await app.register(operationsRoutes(ctx));
  await app.register(clusterRoutes(ctx));
  await app.register(consoleRoutes());
  await app.register(mcpRoutes());
  app.get("/v1/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  return app;
}

/**
 * Requests node's HTTP server refuses before fastify sees them (headers over 16 KiB, a malformed
 * request, a client too slow to send its headers or body): the same JSON error body as everything
 * else, then the socket is destroyed. A socket left open here would be exactly what a slowloris
 * client wants.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [
          431,
          "headers_too_large",
          "The request headers are larger than the server accepts (16 KiB): send fewer or shorter headers",
        ]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [
            408,
            "request_timeout",
            "The request did not arrive in time: send headers and body without pausing",
          ]
        : [400, "bad_request", "The request is not valid HTTP/1.1"];
  const requestId = randomUUID();
  const body = JSON.stringify({ error: code, message, request_id: requestId });
  const reason =
    status === 431 ? "Request Header Fields Too Large" : status === 408 ? "Request Timeout" : "Bad Request";
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}

/** The application `buildApp` makes. */
export type App = Awaited<ReturnType<typeof buildApp>>;
