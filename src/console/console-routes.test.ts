import assert from "node:assert/strict";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { testApp } from "../../test/support/test-app.ts";
import { CONSOLE_CSP } from "./content-security-policy.ts";

/** The asset URLs the shell points at, read from its HTML. */
function assetUrls(html: string): { script: string; styles: string } {
  const script = /<script type="module" src="(console\/app-[0-9a-f]{16}\.js)">/.exec(html)?.[1];
  const styles = /<link rel="stylesheet" href="(console\/app-[0-9a-f]{16}\.css)">/.exec(html)?.[1];
  assert.ok(script !== undefined && styles !== undefined, `the shell names its assets:\n${html}`);
  return { script: `/${script}`, styles: `/${styles}` };
}

test("the shell at / names hashed assets and carries the console's security headers, never cached without asking", async () => {
  const { app } = await testApp();
  const shell = await app.inject({ method: "GET", url: "/" });
  assert.equal(shell.statusCode, 200, shell.body);
  assert.match(String(shell.headers["content-type"]), /^text\/html; charset=utf-8/);
  assert.equal(shell.headers["content-security-policy"], CONSOLE_CSP);
  assert.equal(shell.headers["x-content-type-options"], "nosniff");
  assert.equal(shell.headers["referrer-policy"], "no-referrer");
  assert.equal(shell.headers["cache-control"], "no-cache");
  assert.ok(!/https?:\/\//.test(shell.body), "the shell names no other origin");
  assetUrls(shell.body);
});

test("assets are served by their hash, gzipped when asked, cached for a year; another name is a JSON 404", async () => {
  const { app } = await testApp();
  const { script, styles } = assetUrls((await app.inject({ method: "GET", url: "/" })).body);

  const plain = await app.inject({ method: "GET", url: script });
  assert.equal(plain.statusCode, 200);
  assert.match(String(plain.headers["content-type"]), /^text\/javascript/);
  assert.equal(plain.headers["cache-control"], "public, max-age=31536000, immutable");
  assert.equal(plain.headers["content-security-policy"], CONSOLE_CSP);
  assert.equal(plain.headers["content-encoding"], undefined);

  const zipped = await app.inject({ method: "GET", url: script, headers: { "accept-encoding": "br, gzip" } });
  assert.equal(zipped.headers["content-encoding"], "gzip");
  assert.equal(zipped.headers["vary"], "accept-encoding");
  assert.ok(zipped.rawPayload.length < plain.rawPayload.length, "gzip makes it smaller");
  assert.deepEqual(gunzipSync(zipped.rawPayload), plain.rawPayload);
  const refused = await app.inject({
    method: "GET",
    url: script,
    headers: { "accept-encoding": "gzip;q=0" },
  });
  assert.equal(refused.headers["content-encoding"], undefined, "q=0 refuses gzip");

  const css = await app.inject({ method: "GET", url: styles });
  assert.equal(css.statusCode, 200);
  assert.match(String(css.headers["content-type"]), /^text\/css/);

  const stale = await app.inject({ method: "GET", url: "/console/app-0000000000000000.js" });
  assert.equal(stale.statusCode, 404);
  assert.equal(stale.json<{ error: string }>().error, "not_found");
});

test("with authentication on, the console's files need no key but its data calls still do", async () => {
  const { app } = await testApp({ STEMEDB_AUTH_ENABLED: "true" });
  const shell = await app.inject({ method: "GET", url: "/" });
  assert.equal(shell.statusCode, 200, shell.body);
  const { script, styles } = assetUrls(shell.body);
  assert.equal((await app.inject({ method: "GET", url: script })).statusCode, 200);
  assert.equal((await app.inject({ method: "GET", url: styles })).statusCode, 200);
  assert.equal((await app.inject({ method: "GET", url: "/v1/concepts" })).statusCode, 401);
});

test("the console's routes stay out of the OpenAPI document", async () => {
  const { app } = await testApp();
  const document = (await app.inject({ method: "GET", url: "/v1/openapi.json" })).json<{ paths: object }>();
  const paths = Object.keys(document.paths);
  assert.ok(!paths.includes("/") && !paths.some((path) => path.startsWith("/console")), paths.join(", "));
});
