import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { TEST_ADMIN_TOKEN } from "../../../test/support/test-app.ts";
import type { LensName } from "../../client/index.ts";
import { startTestServer } from "../../client/test-server.ts";
import { launchChromium, screenshotDir, watchedPage } from "../test-chromium.ts";
import { loadConsoleData } from "../test-console-data.ts";
import { LENS_NAMES } from "../../model/lens-names.ts";
import { timelineStops } from "./concept/time-travel.ts";
import { counted, formatConfidence, formatCount, formatValue, shortId } from "./format.ts";
import { links } from "./router.ts";

const WAIT_MS = 10_000;
/** A common phone's width in CSS pixels. */
const PHONE_WIDTH = 390;

/** The trimmed text of the first element matching `selector`, once it is there. */
async function textOf(page: Page, selector: string): Promise<string> {
  const element = page.locator(selector).first();
  await element.waitFor({ timeout: WAIT_MS });
  return ((await element.textContent()) ?? "").trim();
}

/** Waits until an element matching `selector` holds `text`. */
async function see(page: Page, selector: string, text: string | RegExp): Promise<void> {
  await page.locator(selector, { hasText: text }).first().waitFor({ timeout: WAIT_MS });
}

/** Waits until the page's heading is `title`. */
async function heading(page: Page, title: string): Promise<void> {
  await see(page, "h1#page-title", new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
}

/** Within 0.002: decayed confidences move a little between the SDK's read and the page's. */
function near(shown: string, expected: number, what: string): void {
  assert.ok(
    Math.abs(Number(shown) - expected) <= 0.002,
    `${what}: shown ${shown}, expected about ${expected}`,
  );
}

test("the web console shows what the server holds, page by page, and acts on it", async (t) => {
  // The browser first: its `after` hook then closes it before the server's closes the server.
  const browser = await launchChromium();
  const server = await startTestServer({ STEMEDB_QUARANTINE_PATTERNS: '["casino"]' });
  const client = server.client();
  const data = await loadConsoleData(client);
  const shots = screenshotDir("pages");
  t.diagnostic(`screenshots: ${shots}`);
  console.log(`console screenshots are in ${shots}`);
  const { page, external, errors } = await watchedPage(browser, server.url);
  const shoot = (name: string): Promise<Buffer> =>
    page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  const { conceptPath, predicate } = data.contested;

  await t.test("overview: counts, rates, recent claims as they come, recent queries", async () => {
    const since = new Date(Date.now() - 86_400_000).toISOString();
    const [health, tree, recent] = await Promise.all([
      client.health(),
      client.concepts(),
      client.changes({ concept_path: "*", since }),
    ]);
    await page.goto(`${server.url}/`);
    await heading(page, "Overview");
    await see(page, "[data-stat=assertions]", formatCount(health.assertion_count));
    await see(page, "[data-stat=concepts]", formatCount(tree.children.length));
    await see(page, "[data-stat=ingest-rate]", /\/s/);
    await see(page, "[data-stat=query-rate]", /\/s/);
    for (const claim of recent.new_assertions) {
      await see(page, "[aria-label='Recent claims'] tr", `${claim.concept_path}${claim.predicate}`);
    }
    const live = await client.assert({
      concept_path: "drugs/ibuprofen",
      predicate: "max_daily_dose_mg",
      value: 1200,
      confidence: 0.7,
    });
    await see(page, "tr", live.assertion.concept_path);
    await shoot("01-overview");
  });

  await t.test("concept browser: search and the tree", async () => {
    await page.getByRole("link", { name: "Concepts", exact: true }).click();
    await heading(page, "Concepts");
    await page.fill("#concept-search", "aspirin");
    await page.locator("#concept-search-results a", { hasText: conceptPath }).waitFor({ timeout: WAIT_MS });
    const drugs = (await client.concepts({ prefix: "drugs" })).children.map((c) => c.name);
    await page.getByRole("button", { name: "Open drugs", exact: true }).click();
    for (const name of drugs) await see(page, ".subtree a", name);
    await shoot("02-concepts");
  });

  await t.test("concept page: claims, every lens's answer, the skeptic's shares", async () => {
    await page.locator("#concept-search-results a", { hasText: conceptPath }).click();
    await heading(page, conceptPath);
    const table = page.getByRole("region", { name: `Lens answers for ${predicate}` });
    await table.waitFor({ timeout: WAIT_MS });
    for (const lens of LENS_NAMES.filter((l): l is Exclude<LensName, "skeptic"> => l !== "skeptic")) {
      const answer = await client.query({ concept_path: conceptPath, predicate, lens });
      const expected = formatValue(answer.resolutions[0]?.value);
      const row = table
        .getByRole("row")
        .filter({ has: page.locator(".lens", { hasText: new RegExp(`^${lens}$`) }) });
      assert.equal(
        ((await row.locator(".answer").textContent()) ?? "").trim(),
        expected,
        `the ${lens} lens's answer`,
      );
    }

    const claims = await client.query({ concept_path: conceptPath, predicate, include_retracted: true });
    for (const claim of claims.assertions) {
      const cells = page.locator(`tr[data-hash="${claim.hash}"] td`);
      assert.equal(((await cells.nth(0).textContent()) ?? "").trim(), formatValue(claim.value));
      assert.equal(((await cells.nth(1).textContent()) ?? "").trim(), formatConfidence(claim.confidence));
      near(
        ((await cells.nth(2).textContent()) ?? "").trim(),
        claim.effective_confidence,
        "effective confidence",
      );
      assert.equal(((await cells.nth(3).textContent()) ?? "").trim(), claim.authority_tier);
      const trace = await client.trace(claim.hash);
      const signers = (await cells.nth(6).textContent()) ?? "";
      for (const signer of trace.signers)
        assert.ok(signers.includes(shortId(signer.agent_id)), `signer ${signer.agent_id}`);
      const votes = ((await cells.nth(7).textContent()) ?? "").trim();
      const total = trace.votes.reduce((sum, v) => sum + v.weight, 0);
      assert.equal(
        votes,
        trace.votes.length === 0 ? "none" : `${trace.votes.length} (Σ ${formatConfidence(total)})`,
      );
    }

    const skeptic = await client.skeptic({ concept_path: conceptPath, predicate });
    for (const share of skeptic.values) {
      const item = page.locator(`[data-predicate="${predicate}"] .share`, {
        hasText: formatValue(share.value),
      });
      const shown = Number(((await item.locator(".share-figure").textContent()) ?? "").replace("%", ""));
      assert.ok(Math.abs(shown - share.share * 100) <= 1, `share of ${formatValue(share.value)}: ${shown}%`);
    }
    await shoot("03-concept");
  });

  await t.test("concept page: time travel to the first claim, and what changed since", async () => {
    const all = await client.query({ concept_path: conceptPath, include_retracted: true, limit: 1000 });
    const [first] = timelineStops(
      all.assertions.map((a) => a.timestamp),
      undefined,
    );
    assert.ok(first !== undefined);
    const then = await client.query({ concept_path: conceptPath, include_retracted: true, as_of: first });
    const since = new Date(new Date(first).getTime() + 1).toISOString();
    const changes = await client.changes({ concept_path: conceptPath, since });

    await page.focus("#as-of");
    await page.keyboard.press("Home");
    await page.waitForFunction(
      (count) => document.querySelectorAll("#concept-body tr[data-hash]").length === count,
      then.assertions.length,
      { timeout: WAIT_MS },
    );
    assert.ok(page.url().includes(`as_of=${encodeURIComponent(first)}`), page.url());
    await see(page, "h3", `New claims (${changes.new_assertions.length})`);
    await shoot("04-concept-as-of");
  });

  await t.test("sources: the retracted source, its retraction and its impact", async () => {
    const { hash, title, reason } = data.retractedSource;
    const impact = await client.sourceImpact(hash);
    await page.getByRole("link", { name: "Sources", exact: true }).click();
    await heading(page, "Sources");
    const row = page.getByRole("row").filter({ hasText: title });
    await row.waitFor({ timeout: WAIT_MS });
    assert.match((await row.textContent()) ?? "", /retracted/);
    assert.match((await row.textContent()) ?? "", new RegExp(reason));
    await shoot("05-sources");
    await row.getByRole("link", { name: title }).click();
    await heading(page, "Source");
    await see(page, "td", reason);
    await see(page, "[data-stat=impact]", counted(impact.assertion_count, "claim"));
    for (const cited of impact.assertions) await see(page, "td a", cited.concept_path);
    await shoot("06-source");
  });

  await t.test("audit trail: the queries, and one query's weights", async () => {
    await page.getByRole("link", { name: "Audit", exact: true }).click();
    await heading(page, "Audit trail");
    const first = page.getByRole("region", { name: "Audited queries" }).getByRole("link").first();
    await first.waitFor({ timeout: WAIT_MS });
    await shoot("07-audit");
    await first.click();
    await heading(page, "Audited query");
    const queryId = decodeURIComponent(new URL(page.url()).hash.split("/")[2] ?? "");
    const record = await client.auditQuery(queryId);
    await see(page, "[data-stat=lens]", record.lens);
    await see(page, "[data-stat=agent]", shortId(record.agent_id));
    await shoot("08-audit-query");
  });

  await t.test("agents: trust of the agents seen lately", async () => {
    const regulator = await client.agent(data.regulator.agentId);
    await page.getByRole("link", { name: "Agents", exact: true }).click();
    await heading(page, "Agents");
    const row = page
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: shortId(regulator.agent_id) }) });
    await row.waitFor({ timeout: WAIT_MS });
    assert.match(
      (await row.textContent()) ?? "",
      new RegExp(formatConfidence(regulator.trust).replace(".", "\\.")),
    );
    await shoot("09-agents");
  });

  await t.test("admin: a quarantine approval, a ban and an unban, a key created and revoked", async () => {
    await page.getByRole("link", { name: "Admin", exact: true }).click();
    await heading(page, "Admin");
    await page.fill("#admin-token", TEST_ADMIN_TOKEN);
    await page.keyboard.press("Enter");

    const held = page.locator(`article[data-hash="${data.heldHash}"]`);
    await held.waitFor({ timeout: WAIT_MS });
    await shoot("10-admin");
    await held.getByRole("button", { name: "Approve" }).click();
    await see(page, "[role=status]", `Approved ${shortId(data.heldHash)}`);
    assert.equal((await client.getAssertion(data.heldHash)).hash, data.heldHash, "readable once approved");

    await page.fill("#ban-agent", "spammer-bot");
    await page.getByRole("button", { name: "Ban", exact: true }).click();
    await see(page, "[role=status]", "Banned spammer-bot");
    const banned = (await client.admin.circuitBreakers()).circuit_breakers.find(
      (b) => b.agent_id === "spammer-bot",
    );
    assert.equal(banned?.banned, true);
    await page.getByRole("button", { name: "Unban spammer-bot" }).click();
    await see(page, "[role=status]", "Unbanned spammer-bot");
    const unbanned = await client.agent("spammer-bot");
    assert.equal(unbanned.circuit_breaker.banned, false);

    await page.fill("#key-agent", "console-bot");
    await page.fill("#key-name", "made in the console");
    await page.selectOption("#key-tier", "expert");
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = await textOf(page, "#new-key-secret");
    const made = (await client.admin.listApiKeys()).api_keys.find((k) => k.agent_id === "console-bot");
    assert.ok(made !== undefined, "the key is listed");
    assert.equal(made.name, "made in the console");
    assert.equal(made.tier_cap, "expert");
    assert.ok(
      secret.length > 0 && !JSON.stringify(await client.admin.listApiKeys()).includes(secret),
      "shown once",
    );
    await shoot("11-admin-key-created");
    const revoke = page.getByRole("button", { name: `Revoke ${made.id}` });
    await revoke.click();
    await revoke.click();
    await see(page, "[role=status]", `Revoked key ${made.id}`);
    const revoked = (await client.admin.listApiKeys()).api_keys.find((k) => k.id === made.id);
    assert.notEqual(revoked?.revoked_at, null);
  });

  await t.test(
    "keyboard: skip link, visible focus, g-shortcuts, / to search, Enter to open, ? for help",
    async () => {
      // A fresh tab: the keyboard's path starts at the top of a newly opened console.
      const keyboard = await watchedPage(browser, server.url);
      const page = keyboard.page;
      await page.goto(`${server.url}/`);
      await heading(page, "Overview");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
      const outline = await page.evaluate(() => {
        const focused = document.activeElement;
        return focused === null ? "" : getComputedStyle(focused).outlineStyle;
      });
      assert.notEqual(outline, "none", "the focused element shows a focus ring");
      await page.keyboard.press("g");
      await page.keyboard.press("c");
      await heading(page, "Concepts");
      assert.equal(
        await page.evaluate(() => document.activeElement?.id),
        "page-title",
        "focus moves to the new page",
      );
      await page.keyboard.press("/");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "concept-search");
      await page.keyboard.type("aspirin");
      await page.locator("#concept-search-results a", { hasText: conceptPath }).waitFor({ timeout: WAIT_MS });
      await page.keyboard.press("Enter");
      await heading(page, conceptPath);
      assert.equal(new URL(page.url()).hash, links.concept(conceptPath));
      await page.keyboard.press("?");
      await page.locator("dialog#shortcuts[open]").waitFor({ timeout: WAIT_MS });
      await page.keyboard.press("Escape");
      await page.locator("dialog#shortcuts[open]").waitFor({ state: "detached", timeout: WAIT_MS });
      assert.deepEqual(keyboard.external, []);
      assert.deepEqual(keyboard.errors, []);
    },
  );

  await t.test("phone: every page fits a phone's width; wide tables scroll in their own box", async () => {
    const phone = await watchedPage(browser, server.url, {
      viewport: { width: PHONE_WIDTH, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const pages: readonly (readonly [name: string, href: string, ready: string])[] = [
      ["overview", "#/", "[aria-label='Recent claims']"],
      ["concept", links.concept(conceptPath), `[aria-label='Claims about ${predicate}']`],
      ["sources", "#/sources", "[aria-label='Sources']"],
      ["agents", "#/agents", "[aria-label='Agents']"],
    ];
    for (const [name, href, ready] of pages) {
      await phone.page.goto(`${server.url}/${href}`);
      await phone.page.locator(ready).waitFor({ timeout: WAIT_MS });
      const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE_WIDTH, `${name}: the page is ${width} px wide on a ${PHONE_WIDTH} px screen`);
      await phone.page.screenshot({ path: join(shots, `12-phone-${name}.png`), fullPage: true });
    }
    assert.deepEqual(phone.external, []);
    assert.deepEqual(phone.errors, []);
  });

  assert.deepEqual(external, [], "the console requests nothing from another origin");
  assert.deepEqual(errors, [], "the console logs no error");
});
