/**
 * The operations an app documents in its OpenAPI document, with what a fuzzer needs to know about
 * each: path and query parameters, the request body schema, the documented statuses, and an
 * example request synthesised from the schemas.
 */
import type { App } from "../../src/api/build-app.ts";

/** A JSON Schema as the OpenAPI document holds it (loosely typed: it is read, never trusted). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** One method on one path of the OpenAPI document. */
export interface Operation {
  /** `POST /v1/sources/{hash}/retract`. */
  readonly key: string;
  readonly method: string;
  /** The OpenAPI path, with `{name}` placeholders. */
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly {
    readonly name: string;
    readonly required: boolean;
    readonly schema: JsonSchema;
  }[];
  /** The JSON request body schema with `$ref`s still in place, when the operation takes a body. */
  readonly body: JsonSchema | undefined;
  /** The statuses the document lists (`200`, `201`, `400`, …). */
  readonly documented: ReadonlySet<number>;
}

const HTTP_METHODS = ["get", "post", "put", "patch", "delete"];

/** Reads `GET /v1/openapi.json` and lists every documented operation. */
export async function documentedOperations(
  app: App,
  headers: Readonly<Record<string, string>> = {},
): Promise<{ operations: Operation[]; resolve: (schema: JsonSchema) => JsonSchema }> {
  const res = await app.inject({ method: "GET", url: "/v1/openapi.json", headers });
  if (res.statusCode !== 200) throw new Error(`Cannot read /v1/openapi.json: status ${res.statusCode}`);
  const doc = res.json<{
    paths: Record<string, Record<string, unknown>>;
    components?: { schemas?: Record<string, JsonSchema> };
  }>();
  const components = doc.components?.schemas ?? {};
  const resolve = (schema: JsonSchema): JsonSchema => {
    let current = schema;
    for (let i = 0; i < 10 && typeof current["$ref"] === "string"; i++) {
      const name = current["$ref"].split("/").pop() ?? "";
      current = components[name] ?? {};
    }
    return current;
  };
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as
        | {
            parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
            requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
            responses?: Record<string, unknown>;
          }
        | undefined;
      if (op === undefined) continue;
      const parameters = op.parameters ?? [];
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? ""),
        queryParams: parameters
          .filter((p) => p.in === "query")
          .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema ?? {} })),
        body: op.requestBody?.content?.["application/json"]?.schema,
        documented: new Set(Object.keys(op.responses ?? {}).map(Number)),
      });
    }
  }
  return { operations, resolve };
}

/**
 * A value that satisfies `schema` as simply as possible: required properties only, the first
 * branch of a union, the lower bound of a range. Good enough to reach the checks behind the schema.
 */
export function exampleOf(schema: JsonSchema, resolve: (s: JsonSchema) => JsonSchema, depth = 0): unknown {
  const s = resolve(schema);
  if (depth > 6) return null;
  const examples = s["examples"];
  if (Array.isArray(examples) && examples.length > 0) return examples[0] as unknown;
  if ("const" in s) return s["const"];
  const choices = (s["enum"] ?? s["anyOf"] ?? s["oneOf"]) as unknown[] | undefined;
  if (Array.isArray(choices) && choices.length > 0) {
    return "enum" in s ? choices[0] : exampleOf(choices[0] as JsonSchema, resolve, depth + 1);
  }
  const type = Array.isArray(s["type"]) ? (s["type"][0] as unknown) : s["type"];
  switch (type) {
    case "object": {
      const properties = (s["properties"] ?? {}) as Record<string, JsonSchema>;
      const required = (s["required"] ?? []) as string[];
      return Object.fromEntries(
        required.map((name) => [name, exampleOf(properties[name] ?? {}, resolve, depth + 1)]),
      );
    }
    case "array":
      return [exampleOf((s["items"] ?? {}) as JsonSchema, resolve, depth + 1)];
    case "string": {
      const pattern = typeof s["pattern"] === "string" ? s["pattern"] : "";
      const hexLength = /\{(\d+)\}/.exec(pattern)?.[1];
      if (pattern.includes("0-9a-f") && hexLength !== undefined) return "ab".repeat(Number(hexLength) / 2);
      return "x".repeat(typeof s["minLength"] === "number" ? Math.max(1, s["minLength"]) : 1);
    }
    case "integer":
      return typeof s["minimum"] === "number" ? Math.ceil(s["minimum"]) : 1;
    case "number": {
      const min = typeof s["minimum"] === "number" ? s["minimum"] : 0;
      const max = typeof s["maximum"] === "number" ? s["maximum"] : min + 1;
      return (min + max) / 2;
    }
    case "boolean":
      return true;
    default:
      return {};
  }
}

/** The property names a body schema documents (top level). */
export function propertyNames(schema: JsonSchema, resolve: (s: JsonSchema) => JsonSchema): string[] {
  return Object.keys(resolve(schema)["properties"] ?? {});
}
