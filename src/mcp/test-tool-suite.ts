import assert from "node:assert/strict";
import { test } from "node:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { StemeClient } from "../client/steme-client.ts";
import { verifySignature } from "../client/verify-signature.ts";
import { LENS_NAMES } from "../lens/candidate.ts";
import { conceptUri } from "./concept-uri.ts";
import { LENS_GUIDE } from "./lens-guide.ts";

/** An MCP client connected to the tools, and a direct API client of the same server. */
export interface McpConnection {
  readonly mcp: Client;
  /** The StemeDB server behind the MCP server, to arrange data and to check what the tools did. */
  readonly api: StemeClient;
  /** The agent the MCP server signs as, when it has a key. */
  readonly signer: string | undefined;
  /** Disconnects, stopping whatever the connection started. */
  readonly close: () => Promise<void>;
}

type Json = Record<string, unknown>;

const TOOLS = ["analyze_conflict", "assert", "changes", "query", "supersede", "trace", "vote"];
const DAY_MS = 86_400_000;

/** Calls a tool that must succeed; its structured result. */
export async function callOk(mcp: Client, name: string, args: Json): Promise<Json> {
  const result = await mcp.callTool({ name, arguments: args });
  const text = JSON.stringify(result.content);
  assert.notEqual(result.isError, true, `${name} failed: ${text}`);
  const structured = result.structuredContent as Json | undefined;
  assert.ok(structured !== undefined, `${name} answers with structuredContent`);
  assert.deepEqual(JSON.parse(textOf(result.content)), structured, "the text says what the structure says");
  return structured;
}

/** Calls a tool that must fail with a tool error (not a protocol error); the error body. */
export async function callFailing(mcp: Client, name: string, args: Json): Promise<Json> {
  const result = await mcp.callTool({ name, arguments: args });
  assert.equal(result.isError, true, `${name} should fail: ${JSON.stringify(result.content)}`);
  return (result.structuredContent as Json | undefined) ?? { message: textOf(result.content) };
}

function textOf(content: unknown): string {
  const [first] = content as { type: string; text?: string }[];
  assert.equal(first?.type, "text");
  return first.text ?? "";
}

/**
 * The conformance suite every MCP transport runs: tools listed and described, every tool called
 * against the real server and its effect checked through the API, the concept resources, and
 * bad input answered as tool errors naming the field. `connect` makes a fresh connection to a
 * server holding nothing under `root`.
 */
export function runToolSuite(name: string, root: string, connect: () => Promise<McpConnection>): void {
  test(`${name}: the tools and resources against a real server`, async (t) => {
    const { mcp, api, signer, close } = await connect();
    t.after(close);
    const path = `${root}/aspirin`;
    const predicate = "max_daily_dose_mg";
    const now = Date.now();
    const hashes: string[] = [];

    await t.test("lists the seven tools, each described, the lens guide in query's description", async () => {
      const { tools } = await mcp.listTools();
      assert.deepEqual(tools.map((tool) => tool.name).sort(), TOOLS);
      for (const tool of tools) {
        assert.ok((tool.description ?? "").length > 100, `${tool.name} has a description for a model`);
        assert.equal(tool.inputSchema.type, "object");
      }
      const query = tools.find((tool) => tool.name === "query");
      for (const lens of LENS_NAMES) assert.ok(query?.description?.includes(LENS_GUIDE[lens]), lens);
      assert.ok(query?.inputSchema.properties?.["lens"] !== undefined);
      assert.match(mcp.getInstructions() ?? "", /analyze_conflict/);
    });

    await t.test("assert: two contradicting claims, signed when the server has a key", async () => {
      const claims = [
        {
          value: 4000,
          confidence: 0.95,
          authority_tier: "regulatory",
          source_uri: "fda://label/aspirin",
          timestamp: new Date(now - 2 * DAY_MS).toISOString(),
        },
        {
          value: 3000,
          confidence: 0.6,
          authority_tier: "community",
          timestamp: new Date(now - DAY_MS).toISOString(),
        },
      ];
      for (const claim of claims) {
        const result = await callOk(mcp, "assert", { concept_path: path, predicate, ...claim });
        assert.equal(result["status"], "created");
        assert.equal(result["signed"], signer !== undefined);
        if (signer !== undefined) assert.equal(result["agent_id"], signer);
        const stored = await api.getAssertion(String(result["hash"]));
        assert.deepEqual(stored.value.value, claim.value, "the server stored what the tool sent");
        assert.equal(stored.signatures[0]?.agent_id, signer, "signed by the agent's key, or not at all");
        if (signer !== undefined) {
          const [signature] = stored.signatures;
          assert.ok(
            signature !== undefined && (await verifySignature(stored.hash, signature)),
            "it verifies",
          );
        }
        hashes.push(stored.hash);
      }
      const again = await callOk(mcp, "assert", { concept_path: path, predicate, ...claims[1] });
      assert.equal(again["status"], "exists", "the same content is stored once");
    });

    await t.test("query: each lens answers as the API does", async () => {
      for (const lens of ["recency", "authority", "consensus", "skeptic", "layered"] as const) {
        const answer = await callOk(mcp, "query", { concept_path: `${root}/*`, predicate, lens });
        const direct = await api.query({ concept_path: `${root}/*`, predicate, lens });
        const [resolution] = answer["answers"] as Json[];
        assert.equal(resolution?.["winner"], direct.resolutions[0]?.winner, lens);
        assert.equal(resolution?.["status"], direct.resolutions[0]?.status, lens);
        assert.equal((answer["claims"] as Json[]).length, direct.assertions.length, lens);
      }
      const authority = await callOk(mcp, "query", { concept_path: path, predicate, lens: "authority" });
      assert.equal((authority["answers"] as Json[])[0]?.["winner"], hashes[0], "the regulatory claim wins");
      const recency = await callOk(mcp, "query", { concept_path: path, predicate, lens: "recency" });
      assert.equal((recency["answers"] as Json[])[0]?.["winner"], hashes[1], "the newer claim wins");
      const past = await callOk(mcp, "query", {
        concept_path: path,
        as_of: new Date(now - 1.5 * DAY_MS).toISOString(),
        limit: 10,
      });
      assert.deepEqual(
        (past["claims"] as Json[]).map((c) => c["hash"]),
        [hashes[0]],
        "as_of: only the older claim existed",
      );
    });

    await t.test("analyze_conflict: every value with its share, as the skeptic endpoint says", async () => {
      const analysis = await callOk(mcp, "analyze_conflict", { concept_path: path, predicate });
      const direct = await api.skeptic({ concept_path: path, predicate });
      assert.equal(analysis["status"], direct.status);
      assert.equal(analysis["conflict_score"], direct.conflict_score);
      const values = analysis["values"] as Json[];
      assert.deepEqual(
        values.map((v) => [v["value"], v["share"]]),
        direct.values.map((v) => [v.value.value, v.share]),
      );
      assert.deepEqual(values.map((v) => v["value"]).sort(), [3000, 4000]);
    });

    await t.test("vote and trace: the vote shows in the claim's provenance", async () => {
      const [target] = hashes;
      const vote = await callOk(mcp, "vote", { assertion: target, weight: 0.8 });
      assert.equal(vote["status"], "created");
      assert.equal(vote["signed"], signer !== undefined);
      const trace = await callOk(mcp, "trace", { hash: target });
      assert.equal((trace["claim"] as Json)["hash"], target);
      assert.equal((trace["source"] as Json)["uri"], "fda://label/aspirin");
      const votes = trace["votes"] as Json[];
      assert.deepEqual(
        votes.map((v) => [v["agent_id"], v["weight"]]),
        [[vote["agent_id"], 0.8]],
      );
      const direct = await api.trace(target ?? "");
      assert.deepEqual(trace["author"], direct.author);
    });

    await t.test("supersede: claims of a superseded epoch drop out of epoch-aware queries", async () => {
      const first = await callOk(mcp, "supersede", { name: `${root}-2019` });
      assert.equal(first["status"], "created");
      assert.equal(first["signed"], signer !== undefined);
      const guideline = `${root}/guidelines`;
      const old = await callOk(mcp, "assert", {
        concept_path: guideline,
        predicate: "primary_prevention",
        value: true,
        confidence: 0.8,
        epoch: first["hash"],
      });
      const second = await callOk(mcp, "supersede", {
        name: `${root}-2022`,
        description: "after the 2022 review",
        supersedes: [first["hash"]],
      });
      assert.deepEqual(second["supersedes"], [first["hash"]]);
      const aware = await callOk(mcp, "query", { concept_path: guideline, epoch_aware: true });
      assert.deepEqual(aware["claims"], [], "the 2019 claim is left out");
      const unaware = await callOk(mcp, "query", { concept_path: guideline });
      assert.deepEqual(
        (unaware["claims"] as Json[]).map((c) => c["hash"]),
        [old["hash"]],
      );
      const trace = await callOk(mcp, "trace", { hash: old["hash"] });
      assert.equal((trace["epoch"] as Json)["superseded"], true);
    });

    await t.test("changes: the new claims and the changed answer since a time", async () => {
      const since = new Date(now - 3 * DAY_MS).toISOString();
      const changes = await callOk(mcp, "changes", { concept_path: `${root}/*`, since });
      const direct = await api.changes({ concept_path: `${root}/*`, since });
      const newHashes = (changes["new_claims"] as Json[]).map((c) => c["hash"]);
      assert.deepEqual(
        newHashes,
        direct.new_assertions.map((a) => a.hash),
      );
      for (const hash of hashes) assert.ok(newHashes.includes(hash), `${hash} is new`);
      assert.equal((changes["changed_answers"] as Json[]).length, direct.changed_winners.length);
    });

    await t.test("resources: the concept tree with counts, browsable by URI", async () => {
      const { resources } = await mcp.listResources();
      const uris = resources.map((r) => r.uri);
      assert.ok(uris.includes("stemedb://concepts"));
      assert.ok(uris.includes(conceptUri(root)), `${conceptUri(root)} is listed`);
      const { resourceTemplates } = await mcp.listResourceTemplates();
      assert.deepEqual(
        resourceTemplates.map((r) => r.uriTemplate),
        ["stemedb://concepts/{+prefix}"],
      );

      const top = readJson(await mcp.readResource({ uri: "stemedb://concepts" }));
      const direct = await api.concepts();
      const mine = (top["children"] as Json[]).find((c) => c["concept_path"] === root);
      const mineDirect = direct.children.find((c) => c.concept_path === root);
      assert.equal(mine?.["claims"], mineDirect?.assertion_count);
      assert.equal(mine?.["pairs"], mineDirect?.pair_count);

      const below = readJson(await mcp.readResource({ uri: String(mine?.["uri"]) }));
      assert.deepEqual((below["children"] as Json[]).map((c) => c["concept_path"]).sort(), [
        `${root}/aspirin`,
        `${root}/guidelines`,
      ]);
      const leaf = readJson(await mcp.readResource({ uri: conceptUri(path) }));
      assert.deepEqual(leaf["properties"], [{ predicate, claims: 2 }]);
    });

    await t.test("bad input: tool errors with the server's code, field and message", async () => {
      const outOfRange = await callFailing(mcp, "assert", {
        concept_path: path,
        predicate,
        value: 1,
        confidence: 2,
      });
      assert.equal(outOfRange["error"], "validation_failed");
      assert.equal(outOfRange["field"], "confidence");
      assert.match(String(outOfRange["message"]), /confidence/);

      const badPath = await callFailing(mcp, "query", { concept_path: "a//b" });
      assert.equal(badPath["error"], "validation_failed");
      assert.equal(badPath["field"], "concept_path");
      assert.equal(badPath["status"], 400, "refused by the server itself");
      assert.ok(typeof badPath["request_id"] === "string");

      const unknown = await callFailing(mcp, "trace", { hash: "0".repeat(64) });
      assert.equal(unknown["error"], "not_found");
      assert.equal(unknown["status"], 404);

      const badVote = await callFailing(mcp, "vote", { assertion: hashes[0], weight: 3 });
      assert.equal(badVote["field"], "weight");

      const wrongType = await callFailing(mcp, "assert", {
        concept_path: path,
        predicate,
        value: 1,
        confidence: "high",
      });
      assert.match(String(wrongType["message"]), /confidence/, "the schema names the field too");
    });
  });
}

function readJson(result: Awaited<ReturnType<Client["readResource"]>>): Json {
  const [content] = result.contents;
  assert.equal(content?.mimeType, "application/json");
  assert.ok("text" in content, "a text resource");
  return JSON.parse(content.text) as Json;
}
