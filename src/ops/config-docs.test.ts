import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CONFIG_VARIABLES, loadConfig } from "./config.ts";

// A variable the server reads but the docs never mention is one no operator will find.
const ROOT = join(import.meta.dirname, "..", "..");
const ENV_EXAMPLE = ".env.example";
const CONFIGURATION_DOC = "docs/configuration.md";
const envExample = readFileSync(join(ROOT, ENV_EXAMPLE), "utf8");
const configurationDoc = readFileSync(join(ROOT, CONFIGURATION_DOC), "utf8");

/** The uncommented `NAME=value` lines of an environment file, by name. */
function assignments(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined) found.set(match[1], match[2] ?? "");
  }
  return found;
}

/** Every `NAME` in backticks on a table row of a Markdown page. */
function namesInTables(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const line of markdown.split("\n")) {
    if (!line.startsWith("|")) continue;
    for (const match of line.matchAll(/`([A-Z][A-Z0-9_]*)`/g))
      if (match[1] !== undefined) names.add(match[1]);
  }
  return names;
}

/** The variable whose name starts the row (`| \`STEMEDB_…\` | …`), for rows that document one. */
function rowVariables(markdown: string): string[] {
  return [...markdown.matchAll(/^\| `([A-Z][A-Z0-9_]*)` *\|/gm)].flatMap((m) =>
    m[1] === undefined ? [] : [m[1]],
  );
}

test("every variable the server reads is set in .env.example", () => {
  assert.ok(CONFIG_VARIABLES.length > 0, "CONFIG_VARIABLES lists the variables loadConfig reads");
  for (const name of CONFIG_VARIABLES) {
    // `NAME=` with nothing of a longer name before it: STEMEDB_ADMIN_TOKEN_FILE= is not STEMEDB_ADMIN_TOKEN=.
    const assigned = new RegExp(`(^|[^A-Z0-9_])${name}=`, "m").test(envExample);
    assert.ok(
      assigned,
      `${name} is read by the server but ${ENV_EXAMPLE} does not show it: add "${name}=<default>" with a comment`,
    );
  }
});

test("every variable the server reads is in the table of docs/configuration.md", () => {
  const documented = namesInTables(configurationDoc);
  for (const name of CONFIG_VARIABLES) {
    assert.ok(
      documented.has(name),
      `${name} is read by the server but no table row of ${CONFIGURATION_DOC} names it: add a row (variable, default, flag, meaning)`,
    );
  }
});

test("the values in .env.example are the defaults", () => {
  const values = Object.fromEntries(assignments(envExample));
  assert.deepEqual(
    loadConfig(values),
    loadConfig({}),
    `the values set in ${ENV_EXAMPLE} must give the same configuration as no variables at all: a default changed in the code or in ${ENV_EXAMPLE} but not both`,
  );
});

test("the docs name no variable the server does not read", () => {
  const known = new Set(CONFIG_VARIABLES);
  for (const name of assignments(envExample).keys()) {
    assert.ok(
      known.has(name),
      `${ENV_EXAMPLE} sets ${name}, which the server does not read (CONFIG_VARIABLES)`,
    );
  }
  for (const name of rowVariables(configurationDoc)) {
    assert.ok(known.has(name), `${CONFIGURATION_DOC} documents ${name}, which the server does not read`);
  }
});
