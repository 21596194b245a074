import assert from "node:assert/strict";

/** How the server answered one batch: what a client may rely on afterwards. */
export type BatchFate =
  /** 201: durable and visible. */
  | "acknowledged"
  /** 503, not stored: must never become visible. */
  | "refused"
  /** 503 after the WAL took it but the store could not apply it: visible once the store recovers. */
  | "pending"
  /** No answer (the server was killed): either outcome, but whole. */
  | "unanswered";

/**
 * Writes batches of assertions, one concept path per batch, and records the fate of each, so a
 * test can compare what the server said with what reads show: nothing acknowledged lost, nothing
 * refused visible, every batch visible whole or not at all.
 */
export class WriteLedger {
  readonly #fates = new Map<string, { fate: BatchFate; values: readonly string[] }>();
  readonly #statuses = new Map<number, number>();
  readonly #reasons = new Set<string>();
  #written = 0;
  /** A 503 said only a restart helps (the WAL's fsync failed). */
  restartRequired = false;

  /** Every status answered so far, with counts, e.g. `{ 201: 40, 503: 6 }`. */
  get statuses(): Readonly<Record<number, number>> {
    return Object.fromEntries(this.#statuses);
  }

  /** The distinct messages of the 503s so far. */
  get reasons(): string[] {
    return [...this.#reasons];
  }

  count(fate: BatchFate): number {
    let total = 0;
    for (const entry of this.#fates.values()) if (entry.fate === fate) total += entry.values.length;
    return total;
  }

  /**
   * Posts `size` new assertions (`POST /v1/assert/batch`, or `/v1/assert` for a size of 1) and
   * checks the answer's form: 201, or 503 with a JSON body naming the full disk and a Retry-After
   * header. Anything else fails the test; no answer at all (a killed server) is `unanswered`.
   */
  async write(url: string, tag: string, size: number): Promise<BatchFate> {
    const path = `disk-full/${tag.replace(/[^a-z0-9-]+/gi, "-")}/${this.#written++}`;
    const values = Array.from({ length: size }, (_, k) => `${path} reading ${k}: ${(k * 7919) % 1000} units`);
    const items = values.map((value) => ({
      concept_path: path,
      predicate: "reading",
      value,
      confidence: 0.7,
      authority_tier: "expert",
    }));
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${url}/v1/assert${size === 1 ? "" : "/batch"}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(size === 1 ? items[0] : { assertions: items }),
      });
      text = await response.text();
    } catch {
      this.#fates.set(path, { fate: "unanswered", values });
      return "unanswered";
    }
    this.#statuses.set(response.status, (this.#statuses.get(response.status) ?? 0) + 1);
    let fate: BatchFate;
    if (response.status === 201) {
      fate = "acknowledged";
    } else {
      assert.equal(
        response.status,
        503,
        `a write either succeeds or answers 503, got ${response.status}: ${text}`,
      );
      const body = JSON.parse(text) as { error?: unknown; message?: unknown; request_id?: unknown };
      assert.ok(body.error === "unavailable", `the 503 body has error "unavailable": ${text}`);
      assert.ok(typeof body.request_id === "string", `the 503 body has a request id: ${text}`);
      assert.ok(
        typeof body.message === "string" && /no space left on device/i.test(body.message),
        `the 503 says the disk is full: ${text}`,
      );
      const retryAfter = Number(response.headers.get("retry-after"));
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `the 503 has a Retry-After header: ${text}`);
      this.#reasons.add(body.message);
      fate = /durable in the WAL/.test(body.message) ? "pending" : "refused";
      if (/until the server restarts/.test(body.message)) this.restartRequired = true;
    }
    this.#fates.set(path, { fate, values });
    return fate;
  }

  /**
   * Checks what `POST /v1/query` shows against the ledger. `pendingVisible`: whether batches
   * answered "durable in the WAL" must be visible by now (after the store recovered); before, each
   * may be either, but whole.
   */
  async verify(url: string, options: { pendingVisible: boolean; context: string }): Promise<number> {
    const seen = new Map<string, Set<unknown>>();
    // One query per tag, each under the API's limit of 10,000 assertions an answer.
    const tags = new Set([...this.#fates.keys()].map((path) => path.split("/")[1]));
    for (const tag of tags) {
      const response = await fetch(`${url}/v1/query`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ concept_path: `disk-full/${tag}/*`, limit: 10_000 }),
      });
      assert.equal(response.status, 200, `${options.context}: POST /v1/query answers 200`);
      const answer = (await response.json()) as {
        truncated: boolean;
        assertions: { concept_path: string; value: { value: unknown } }[];
      };
      assert.ok(
        !answer.truncated,
        `${options.context}: the query saw every assertion of ${tag} (not truncated)`,
      );
      for (const a of answer.assertions) {
        const values = seen.get(a.concept_path) ?? new Set();
        values.add(a.value.value);
        seen.set(a.concept_path, values);
      }
    }
    for (const path of seen.keys())
      assert.ok(this.#fates.has(path), `${options.context}: ${path} is visible but was never written`);
    for (const [path, { fate, values }] of this.#fates) {
      const visible = values.filter((v) => seen.get(path)?.has(v) === true).length;
      const context = `${options.context}: batch ${path} (${fate})`;
      assert.ok(
        visible === 0 || visible === values.length,
        `${context} is visible whole or not at all (${visible}/${values.length})`,
      );
      if (fate === "acknowledged")
        assert.ok(visible === values.length, `${context}: every acknowledged write is visible`);
      if (fate === "refused") assert.ok(visible === 0, `${context}: a refused write is not visible`);
      if (fate === "pending" && options.pendingVisible)
        assert.ok(
          visible === values.length,
          `${context}: the WAL's durable write was applied once the store recovered`,
        );
    }
    return [...seen.values()].reduce((total, values) => total + values.size, 0);
  }
}
