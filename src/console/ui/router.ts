/** A page of the console and what it shows, as read from the URL's hash. */
export type Route =
  | { readonly kind: "overview" }
  | { readonly kind: "concepts" }
  | { readonly kind: "concept"; readonly path: string; readonly asOf: string | undefined }
  | { readonly kind: "sources" }
  | { readonly kind: "source"; readonly hash: string }
  | { readonly kind: "audit" }
  | { readonly kind: "audit-query"; readonly queryId: string }
  | { readonly kind: "agents" }
  | { readonly kind: "agent"; readonly agentId: string }
  | { readonly kind: "admin" }
  | { readonly kind: "settings" }
  | { readonly kind: "not-found"; readonly hash: string };

/**
 * Reads a route from a URL hash such as `#/concept/drugs%2Faspirin?as_of=2026-01-01T00%3A00%3A00Z`.
 * A parameter (a concept path, a hash, an id) is one percent-encoded segment, so a path with
 * slashes or a scheme (`code://python/requests`) survives the trip.
 *
 * @example
 * ```ts
 * parseRoute("#/concept/drugs%2Faspirin"); // { kind: "concept", path: "drugs/aspirin", asOf: undefined }
 * ```
 */
export function parseRoute(hash: string): Route {
  const [pathPart = "", queryPart = ""] = hash.replace(/^#/, "").split("?", 2);
  const [page = "", encoded, ...extra] = pathPart.replace(/^\/+/, "").split("/");
  let parameter: string | undefined;
  try {
    parameter = encoded === undefined || encoded === "" ? undefined : decodeURIComponent(encoded);
  } catch {
    return { kind: "not-found", hash };
  }
  if (extra.length > 0) return { kind: "not-found", hash };
  const query = new URLSearchParams(queryPart);
  if (parameter === undefined) {
    const pages: Record<string, Route> = {
      "": { kind: "overview" },
      concepts: { kind: "concepts" },
      sources: { kind: "sources" },
      audit: { kind: "audit" },
      agents: { kind: "agents" },
      admin: { kind: "admin" },
      settings: { kind: "settings" },
    };
    return pages[page] ?? { kind: "not-found", hash };
  }
  switch (page) {
    case "concept":
      return { kind: "concept", path: parameter, asOf: query.get("as_of") ?? undefined };
    case "source":
      return { kind: "source", hash: parameter };
    case "audit":
      return { kind: "audit-query", queryId: parameter };
    case "agent":
      return { kind: "agent", agentId: parameter };
    default:
      return { kind: "not-found", hash };
  }
}

/**
 * The hash link of a route; `parseRoute(routeHref(route))` gives the route back.
 *
 * @example
 * ```ts
 * routeHref({ kind: "agent", agentId: "ingest-bot" }); // "#/agent/ingest-bot"
 * ```
 */
export function routeHref(route: Route): string {
  const segment = encodeURIComponent;
  switch (route.kind) {
    case "overview":
      return "#/";
    case "concept":
      return `#/concept/${segment(route.path)}${route.asOf === undefined ? "" : `?as_of=${segment(route.asOf)}`}`;
    case "source":
      return `#/source/${segment(route.hash)}`;
    case "audit-query":
      return `#/audit/${segment(route.queryId)}`;
    case "agent":
      return `#/agent/${segment(route.agentId)}`;
    case "not-found":
      return route.hash;
    default:
      return `#/${route.kind}`;
  }
}

/**
 * Hash links of the pages that take a parameter, for the pages that link to them.
 *
 * @example
 * ```ts
 * h("a", { href: links.concept("drugs/aspirin") }, "drugs/aspirin");
 * ```
 */
export const links = {
  concept: (path: string, asOf?: string): string => routeHref({ kind: "concept", path, asOf }),
  source: (hash: string): string => routeHref({ kind: "source", hash }),
  auditQuery: (queryId: string): string => routeHref({ kind: "audit-query", queryId }),
  agent: (agentId: string): string => routeHref({ kind: "agent", agentId }),
};
