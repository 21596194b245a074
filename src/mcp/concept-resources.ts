import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import type { RequestOptions } from "../client/client-options.ts";
import { CONCEPT_URI_TEMPLATE, CONCEPTS_URI, conceptPathOfPrefix, conceptUri } from "./concept-uri.ts";
import type { McpBackend } from "./mcp-backend.ts";

const MIME_TYPE = "application/json";

/**
 * Registers the concept tree as resources: `stemedb://concepts` (the top level) and the template
 * `stemedb://concepts/{+prefix}` (one level below a prefix), each listing the properties claimed
 * at that path and the paths below it with their counts and URIs. Listing resources lists the
 * top-level concepts, so a client can browse from there.
 *
 * @example
 * ```ts
 * registerConceptResources(server, backend);
 * // then a client reads: stemedb://concepts/drugs
 * ```
 */
export function registerConceptResources(server: McpServer, backend: McpBackend): void {
  const read = (uri: URL, prefix: string, options: RequestOptions): Promise<ReadResourceResult> =>
    conceptLevel(backend, prefix, options).then((level) => ({
      contents: [{ uri: uri.href, mimeType: MIME_TYPE, text: JSON.stringify(level) }],
    }));

  server.registerResource(
    "concepts",
    CONCEPTS_URI,
    {
      title: "Concept tree",
      description:
        "The top level of StemeDB's concept tree: each top-level concept with its claim and property counts and the URI to read below it",
      mimeType: MIME_TYPE,
    },
    (uri, extra) => read(uri, "", { signal: extra.signal }),
  );

  const template = new ResourceTemplate(CONCEPT_URI_TEMPLATE, {
    list: async (extra) => {
      const top = await backend.client.concepts({}, { signal: extra.signal });
      return {
        resources: top.children.map((child) => ({
          uri: conceptUri(child.concept_path),
          name: child.concept_path,
          description: `${child.assertion_count} claims on ${child.pair_count} (concept, property) pairs`,
          mimeType: MIME_TYPE,
        })),
      };
    },
  });
  server.registerResource(
    "concept",
    template,
    {
      title: "Concepts below a path",
      description:
        "One level of the concept tree below a path (e.g. stemedb://concepts/drugs): the properties claimed at the path itself and the paths below it, with counts",
      mimeType: MIME_TYPE,
    },
    (uri, variables, extra) =>
      read(uri, conceptPathOfPrefix(variables["prefix"] ?? ""), { signal: extra.signal }),
  );
}

/** One level of the tree, with the URI of each child so a model can read further down. */
async function conceptLevel(backend: McpBackend, prefix: string, options: RequestOptions): Promise<object> {
  const node = await backend.client.concepts(prefix === "" ? {} : { prefix }, options);
  return {
    concept_path: node.prefix,
    properties: node.predicates.map((p) => ({ predicate: p.predicate, claims: p.assertion_count })),
    children: node.children.map((child) => ({
      concept_path: child.concept_path,
      claims: child.assertion_count,
      pairs: child.pair_count,
      uri: conceptUri(child.concept_path),
    })),
  };
}
