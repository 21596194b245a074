import assert from "node:assert/strict";
import { test } from "node:test";
import swagger from "@fastify/swagger";
import Fastify from "fastify";
import { sharedSchemas } from "../api/schemas/assertion.ts";
import { ErrorBody } from "../api/schemas/common.ts";
import type { OpenApiDocument } from "./openapi-document.ts";
import { CLIENT_ROUTES, ROUTE_ALIASES } from "./schemas/route-table.ts";
import { startTestServer } from "./test-server.ts";

interface Operation {
  readonly parameters?: readonly Record<string, unknown>[];
  readonly requestBody?: { readonly content: Record<string, { readonly schema: unknown }> };
  readonly responses?: Record<string, { readonly content?: Record<string, { readonly schema: unknown }> }>;
}

/** The OpenAPI document the client's route table makes, built by the same plugin the server uses. */
async function clientDocument(): Promise<OpenApiDocument> {
  const app = Fastify();
  app.addSchema(ErrorBody);
  for (const schema of sharedSchemas) app.addSchema(schema);
  await app.register(swagger, {
    openapi: { openapi: "3.1.0", info: { title: "client", version: "0" } },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === "string" ? json.$id : `def-${i}`,
    },
  });
  for (const route of CLIENT_ROUTES) {
    const response = Object.fromEntries(
      Object.entries(route.responses).filter((entry) => entry[1] !== "text"),
    );
    app.route({
      method: route.method,
      url: route.url.replace(/\{(\w+)\}/g, ":$1"),
      schema: {
        ...(route.params !== undefined ? { params: route.params } : {}),
        ...(route.querystring !== undefined ? { querystring: route.querystring } : {}),
        ...(route.body !== undefined ? { body: route.body } : {}),
        response,
      },
      handler: async () => ({}),
    });
  }
  await app.ready();
  const document = app.swagger() as unknown as OpenApiDocument;
  await app.close();
  return document;
}

/** Descriptions document a schema without changing its type: left out of the comparison. */
function withoutDescriptions(node: unknown, isPropertyMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutDescriptions(item));
  if (typeof node !== "object" || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => isPropertyMap || key !== "description" || typeof value !== "string")
      .map(([key, value]) => [key, withoutDescriptions(value, key === "properties")]),
  );
}

/** A schema the server leaves open (`{}`, or any object): the SDK's schema may say more. */
function isOpen(schema: unknown): boolean {
  if (typeof schema !== "object" || schema === null) return false;
  const s = schema as { type?: unknown; properties?: object; additionalProperties?: unknown };
  const others = Object.keys(s).filter((k) => !["type", "properties", "additionalProperties"].includes(k));
  if (others.length > 0 || Object.keys(s.properties ?? {}).length > 0) return false;
  return s.type === undefined || (s.type === "object" && s.additionalProperties === true);
}

/** Where the client's schema differs from the server's, as JSON paths; none when it conforms. */
function differences(server: unknown, client: unknown, at: string): string[] {
  if (isOpen(server)) return [];
  if (typeof server !== "object" || server === null || typeof client !== "object" || client === null) {
    return server === client
      ? []
      : [`${at}: server ${JSON.stringify(server)}, client ${JSON.stringify(client)}`];
  }
  const keys = new Set([...Object.keys(server), ...Object.keys(client)]);
  return [...keys].flatMap((key) =>
    differences(
      (server as Record<string, unknown>)[key],
      (client as Record<string, unknown>)[key],
      `${at}/${key}`,
    ),
  );
}

const jsonSchema = (content: Record<string, { readonly schema: unknown }> | undefined): unknown =>
  content === undefined ? undefined : withoutDescriptions(content["application/json"]?.schema);

test("the SDK's route table has every route of the server, with the server's schemas", async () => {
  const server = await startTestServer();
  const served = await server.client().openApi();
  const client = await clientDocument();

  const operations = (document: OpenApiDocument): Map<string, Operation> =>
    new Map(
      Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => [
          `${method.toUpperCase()} ${path}`,
          operation as Operation,
        ]),
      ),
    );
  const servedOperations = operations(served);
  const clientOperations = operations(client);
  const canonical = [...servedOperations.keys()].filter((name) => !(name in ROUTE_ALIASES)).sort();
  assert.deepEqual([...clientOperations.keys()].sort(), canonical, "one client route per server route");
  for (const alias of Object.keys(ROUTE_ALIASES))
    assert.ok(servedOperations.has(alias), `${alias} is served`);

  const problems = canonical.flatMap((name) => {
    const s = servedOperations.get(name) ?? {};
    const c = clientOperations.get(name) ?? {};
    const found = differences(
      withoutDescriptions(s.parameters ?? []),
      withoutDescriptions(c.parameters ?? []),
      "parameters",
    );
    if (s.requestBody !== undefined) {
      found.push(
        ...differences(jsonSchema(s.requestBody.content), jsonSchema(c.requestBody?.content), "body"),
      );
    }
    const successes = (o: Operation): string[] =>
      Object.keys(o.responses ?? {}).filter(
        (status) => status.startsWith("2") || (name === "GET /v1/health" && status === "503"),
      );
    if (!name.endsWith("/metrics") && !name.endsWith("/v1/watch")) {
      assert.deepEqual(successes(c).sort(), successes(s).sort(), `${name}: success statuses`);
    }
    for (const status of successes(s)) {
      const served = jsonSchema(s.responses?.[status]?.content);
      if (served !== undefined)
        found.push(...differences(served, jsonSchema(c.responses?.[status]?.content), status));
    }
    return found.map((problem) => `${name} ${problem}`);
  });
  assert.deepEqual(problems, [], "the SDK's schemas are the server's where the server declares one");
  assert.deepEqual(
    withoutDescriptions(client.components?.schemas),
    withoutDescriptions(served.components?.schemas),
  );
});
