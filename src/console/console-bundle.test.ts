import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { build } from "esbuild";
import { bundleConsole } from "./console-bundle.ts";

/** Most bytes the console may send, gzipped: the budget that keeps it fast on a slow phone. */
const SCRIPT_GZIP_BUDGET = 24 * 1024;
const STYLES_GZIP_BUDGET = 4 * 1024;

const UI_DIR = join(import.meta.dirname, "ui");

test("the console bundles small: script and styles within their gzip budgets", async () => {
  const { script, styles } = await bundleConsole();
  console.log(
    `console bundle: ${script.name} ${script.body.length} B (${script.gzipped.length} B gzipped), ` +
      `${styles.name} ${styles.body.length} B (${styles.gzipped.length} B gzipped)`,
  );
  assert.ok(script.gzipped.length <= SCRIPT_GZIP_BUDGET, `script ${script.gzipped.length} B gzipped`);
  assert.ok(styles.gzipped.length <= STYLES_GZIP_BUDGET, `styles ${styles.gzipped.length} B gzipped`);
});

test("the console's script holds the UI and the SDK's HTTP client only: no Node module, no server code, no signer", async () => {
  const result = await build({
    entryPoints: [join(UI_DIR, "main.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs);
  const outside = inputs.filter(
    (path) =>
      !path.startsWith("src/console/ui/") && !/^src\/(client|model)\//.test(path) && path !== "src/errors.ts",
  );
  assert.deepEqual(outside, [], "only the console, the SDK and the pure model");
  assert.ok(!inputs.some((path) => /signer|ed25519|hash-wasm/.test(path)), inputs.join("\n"));
});

test("the console's source never parses HTML or evaluates text, and names no other origin", () => {
  for (const file of sourceFiles(UI_DIR)) {
    const text = readFileSync(file, "utf8");
    for (const sink of [
      "innerHTML",
      "outerHTML",
      "insertAdjacentHTML",
      "document.write",
      "eval(",
      "new Function",
    ]) {
      assert.ok(!text.includes(sink), `${file} uses ${sink}`);
    }
    assert.ok(!/https?:\/\//.test(text), `${file} names another origin`);
  }
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|css)$/.test(name) ? [path] : [];
  });
}
