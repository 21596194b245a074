import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRoute, routeHref, type Route } from "./router.ts";

const routes: readonly Route[] = [
  { kind: "overview" },
  { kind: "concepts" },
  { kind: "concept", path: "drugs/aspirin", asOf: undefined },
  { kind: "concept", path: "code://python/requests/tls", asOf: "2026-01-01T00:00:00.000Z" },
  { kind: "concept", path: "a b/ü?#&", asOf: undefined },
  { kind: "sources" },
  { kind: "source", hash: "ab".repeat(32) },
  { kind: "audit" },
  { kind: "audit-query", queryId: "0f".repeat(32) },
  { kind: "agents" },
  { kind: "agent", agentId: "ingest-bot" },
  { kind: "admin" },
  { kind: "settings" },
];

test("every route survives the trip through its hash link", () => {
  for (const route of routes) assert.deepEqual(parseRoute(routeHref(route)), route, routeHref(route));
});

test("an empty hash is the overview; unknown pages, extra segments and broken escapes are not found", () => {
  assert.deepEqual(parseRoute(""), { kind: "overview" });
  assert.deepEqual(parseRoute("#"), { kind: "overview" });
  for (const hash of ["#/nowhere", "#/concept/a/b", "#/agent/%E0%A4%A", "#/overview/x"]) {
    assert.deepEqual(parseRoute(hash), { kind: "not-found", hash }, hash);
  }
});
