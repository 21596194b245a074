/** The slice of an OpenAPI 3.1 document the reference renders. */
interface OpenApiDocument {
  readonly info: { readonly title: string; readonly version: string; readonly description?: string };
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, Schema>> };
}

interface Operation {
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly parameters?: readonly {
    name: string;
    in: string;
    required?: boolean;
    schema?: Schema;
    description?: string;
  }[];
  readonly requestBody?: { content?: Record<string, { schema?: Schema }> };
  readonly responses?: Readonly<Record<string, { description?: string }>>;
}

interface Schema {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly anyOf?: readonly Schema[];
  readonly items?: Schema;
  readonly $ref?: string;
  readonly minimum?: number;
  readonly maximum?: number;
}

const METHODS = ["get", "post", "put", "delete", "patch"];

function typeOf(schema: Schema | undefined): string {
  if (schema === undefined) return "any";
  if (schema.$ref !== undefined) return schema.$ref.split("/").at(-1) ?? "object";
  if (schema.anyOf !== undefined) return schema.anyOf.map(typeOf).join(" \\| ");
  if (schema.type === "array") return `${typeOf(schema.items)}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(" \\| ");
  return typeof schema.type === "string" ? schema.type : "any";
}

function resolveRef(doc: OpenApiDocument, schema: Schema | undefined): Schema | undefined {
  if (schema?.$ref === undefined) return schema;
  return doc.components?.schemas?.[schema.$ref.split("/").at(-1) ?? ""];
}

function fieldTable(
  fields: readonly { name: string; type: string; required: boolean; description: string }[],
): string {
  if (fields.length === 0) return "";
  const rows = fields.map(
    (f) =>
      `| \`${f.name}\` | ${f.type} | ${f.required ? "yes" : ""} | ${f.description.replaceAll("|", "\\|")} |`,
  );
  return ["| name | type | required | description |", "|---|---|---|---|", ...rows].join("\n") + "\n\n";
}

/**
 * Renders the OpenAPI document the server serves as a Markdown reference (`docs/api.md`), so the
 * written reference is generated from the same schemas that validate requests.
 */
export function openApiToMarkdown(doc: OpenApiDocument): string {
  const out: string[] = [
    `# ${doc.info.title} reference (v${doc.info.version})\n`,
    "Generated from the OpenAPI document the server serves at `/v1/openapi.json` (`npm run docs:api`); do not edit by hand.\n",
    `${doc.info.description ?? ""}\n`,
    "Every error response has the body `{ error, message, field?, reason?, request_id }`; see the conventions in the README.\n",
  ];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = operations[method];
      if (op === undefined) continue;
      out.push(`## \`${method.toUpperCase()} ${path}\`\n`);
      if (op.summary !== undefined) out.push(`${op.summary}.\n`);
      if (op.description !== undefined) out.push(`${op.description}\n`);
      const parameters = (op.parameters ?? []).map((p) => ({
        name: p.name + (p.in === "path" ? " (path)" : ""),
        type: typeOf(p.schema),
        required: p.required === true,
        description: p.description ?? p.schema?.description ?? "",
      }));
      if (parameters.length > 0) out.push("Parameters:\n\n" + fieldTable(parameters));
      const body = resolveRef(doc, op.requestBody?.content?.["application/json"]?.schema);
      const properties = Object.entries(body?.properties ?? {});
      if (properties.length > 0) {
        out.push(
          "Body:\n\n" +
            fieldTable(
              properties.map(([name, schema]) => ({
                name,
                type: typeOf(schema),
                required: body?.required?.includes(name) === true,
                description: schema.description ?? "",
              })),
            ),
        );
      }
      const statuses = Object.keys(op.responses ?? {});
      if (statuses.length > 0) out.push(`Responses: ${statuses.join(", ")}.\n`);
    }
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n");
}
