import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import { build } from "esbuild";
import { tempDir } from "../../test/support/temp-dir.ts";
import type { AssertionInput } from "./api-types.ts";
import type * as Sdk from "./index.ts";
import { vectorFiles } from "./test-vectors.ts";

const entry = new URL("index.ts", import.meta.url);

test("the SDK bundles for browsers: no node: module, no server code, and the bundle signs and hashes", async () => {
  const result = await build({
    entryPoints: [entry.pathname],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs);
  const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
  assert.deepEqual(
    imports.filter((path) => path.startsWith("node:")),
    [],
    "no node: module in the module graph",
  );
  const outside = inputs.filter(
    (path) =>
      !/^src\/(client|model)\//.test(path) &&
      path !== "src/errors.ts" &&
      !path.startsWith("node_modules/hash-wasm/"),
  );
  assert.deepEqual(
    outside,
    [],
    "only the client, the pure model, and hash-wasm (TypeBox and the server are types only)",
  );
  assert.ok(
    !inputs.some((path) => path.endsWith("signature.ts") && path.startsWith("src/model/")),
    "not the model's node:crypto signer",
  );

  // Run the browser bundle itself: it needs only fetch, WebCrypto and WebAssembly, which Node has too.
  const file = join(tempDir("stemedb-sdk-bundle-"), "stemedb-client.mjs");
  writeFileSync(file, result.outputFiles[0]?.text ?? "");
  const sdk = (await import(pathToFileURL(file).href)) as typeof Sdk;
  const [spec] = vectorFiles().filter((v) => v.file === "spec-vectors.json");
  const vector = spec?.cases[0];
  assert.ok(spec !== undefined && vector !== undefined);
  const signer = await sdk.Signer.fromHex(spec.agent.seed_hex);
  assert.equal(sdk.hashAssertion(vector.input as AssertionInput), vector.hash);
  assert.equal(await signer.signHash(vector.hash), vector.signature);
});
