import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { test } from "node:test";
import ts from "typescript";
import { TEST_ADMIN_TOKEN } from "../../test/support/test-app.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { startTestServer } from "./test-server.ts";

const root = new URL("../../", import.meta.url);
const guide = readFileSync(new URL("docs/sdk.md", root), "utf8");
// An absolute path (not a file: URL), which both the compiler and Node resolve.
const entry = fileURLToPath(new URL("index.ts", import.meta.url));

/**
 * docs/sdk.md's `ts` code blocks, in order, as one module: the package name resolved to the SDK's
 * entry file, `process.env` holding `env` (the test's server) and `console` replaced by a recorder
 * so the guide's output stays out of the test's.
 */
function guideProgram(env: Record<string, string>): string {
  const blocks = [...guide.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? "");
  assert.ok(blocks.length >= 10, `found ${blocks.length} ts blocks in docs/sdk.md`);
  const code = blocks.join("\n").replaceAll('"stemedb/client"', JSON.stringify(entry));
  return [
    "export const printed: unknown[][] = [];",
    "const console = { log: (...line: unknown[]) => printed.push(line) };",
    `const process = { env: ${JSON.stringify(env)} as Record<string, string | undefined> };`,
    code,
  ].join("\n");
}

test("docs/sdk.md: the guide's code type-checks and runs against a real server", async () => {
  const server = await startTestServer();
  const file = join(tempDir("stemedb-sdk-guide-"), "guide.mts");
  writeFileSync(file, guideProgram({ STEMEDB_URL: server.url, STEMEDB_ADMIN_TOKEN: TEST_ADMIN_TOKEN }));

  const program = ts.createProgram([file], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    allowImportingTsExtensions: true,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
    typeRoots: [fileURLToPath(new URL("node_modules/@types", root))],
  });
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  assert.deepEqual(problems, [], "the guide's code compiles");

  const run = (await import(pathToFileURL(file).href)) as { printed: unknown[][] };
  assert.ok(run.printed.length > 20, "the guide ran to its end");
});
