import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { startTestServer } from "../../client/test-server.ts";
import { launchChromium, screenshotDir, watchedPage } from "../test-chromium.ts";

test("with authentication on, the console asks for an API key and then shows the data it opens", async () => {
  const browser = await launchChromium();
  const server = await startTestServer({ STEMEDB_AUTH_ENABLED: "true" });
  const key = await server.client().admin.createApiKey({ agent_id: "console-viewer", name: "console test" });
  const reader = server.client({ apiKey: key.key });
  await reader.assert({ concept_path: "weather/paris", predicate: "sky", value: "clear", confidence: 0.7 });
  const topLevel = (await reader.concepts()).children.map((child) => child.name);
  const { page, external, errors } = await watchedPage(browser, server.url);

  await page.goto(`${server.url}/#/concepts`);
  const askForKey = page.getByRole("alert").getByRole("link", { name: "Set the API key in Settings" });
  await askForKey.first().waitFor({ timeout: 10_000 });
  await askForKey.first().click();
  await page.locator("h1#page-title", { hasText: "Settings" }).waitFor();
  await page.fill("#api-key", key.key);
  await page.getByRole("button", { name: "Save key" }).click();
  await page.locator("[data-stat=api-key-state]", { hasText: "An API key is set" }).waitFor();
  assert.equal(await page.inputValue("#api-key"), "", "the field does not keep showing the key");
  assert.equal(
    await page.evaluate(() => localStorage.length),
    0,
    "nothing is kept beyond the tab's session storage",
  );

  await page.getByRole("link", { name: "Concepts", exact: true }).click();
  for (const name of topLevel) await page.locator(".tree a", { hasText: name }).waitFor({ timeout: 10_000 });
  const shots = screenshotDir("auth");
  console.log(`console screenshots with authentication on are in ${shots}`);
  await page.screenshot({ path: join(shots, "13-auth-concepts.png"), fullPage: true });

  assert.deepEqual(external, []);
  // Before the key was set, the browser itself logs each refused call (401) as a failed load.
  const unexpected = errors.filter((e) => !/status of 401/.test(e));
  assert.deepEqual(unexpected, [], "no error but the refused calls before the key was set");
});
