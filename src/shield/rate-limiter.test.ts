import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { RateLimiter, type RateLimit } from "./rate-limiter.ts";

const T0 = 1_760_000_000_000;
const ONE_PER_SECOND: RateLimit = { perSecond: 1, burst: 3 };

describe("RateLimiter", () => {
  it("allows a full burst at once, then refuses", () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(limiter.take("w", "a", ONE_PER_SECOND, T0), { allowed: true }, `take ${i}`);
    }
    assert.deepEqual(limiter.take("w", "a", ONE_PER_SECOND, T0), { allowed: false, retryAfterSeconds: 1 });
  });

  // [name, limit, cost, ms after draining the bucket, allowed, retryAfterSeconds]
  const table: readonly [string, RateLimit, number, number, boolean, number?][] = [
    ["refills one token after a second", ONE_PER_SECOND, 1, 1000, true],
    ["has not refilled after 999 ms", ONE_PER_SECOND, 1, 999, false, 1],
    ["rounds a 2.5 s wait up to 3", { perSecond: 2, burst: 6 }, 5, 0, false, 3],
    ["waits at least 1 s even for a tiny gap", { perSecond: 100, burst: 1 }, 1, 5, false, 1],
    ["needs cost ÷ rate seconds for a big cost", { perSecond: 1, burst: 10 }, 10, 3000, false, 7],
    ["lets a cost of 0 through an empty bucket", ONE_PER_SECOND, 0, 0, true],
    ["refills no more than burst after a long idle", { perSecond: 1, burst: 2 }, 2, 3_600_000, true],
  ];
  for (const [name, limit, cost, afterMs, allowed, retry] of table) {
    it(name, () => {
      const limiter = new RateLimiter();
      while (limiter.take("b", "c", limit, T0).allowed); // drain
      const expected = allowed ? { allowed } : { allowed, retryAfterSeconds: retry };
      assert.deepEqual(limiter.take("b", "c", limit, T0 + afterMs, cost), expected);
    });
  }

  it("keeps buckets and clients apart", () => {
    const limiter = new RateLimiter();
    const one: RateLimit = { perSecond: 1, burst: 1 };
    assert.ok(limiter.take("writes", "a", one, T0).allowed);
    assert.ok(!limiter.take("writes", "a", one, T0).allowed);
    assert.ok(limiter.take("writes", "b", one, T0).allowed);
    assert.ok(limiter.take("reads", "a", one, T0).allowed);
  });

  it("mints no tokens when the clock steps back", () => {
    const limiter = new RateLimiter();
    const one: RateLimit = { perSecond: 1, burst: 1 };
    assert.ok(limiter.take("b", "c", one, T0 + 5000).allowed);
    assert.ok(!limiter.take("b", "c", one, T0).allowed);
    assert.ok(!limiter.take("b", "c", one, T0 + 4999).allowed, "going back did not reset the refill point");
    assert.ok(limiter.take("b", "c", one, T0 + 6000).allowed);
  });

  it("clamps tokens to a lowered burst", () => {
    const limiter = new RateLimiter();
    limiter.take("b", "c", { perSecond: 1, burst: 10 }, T0, 0);
    const lowered: RateLimit = { perSecond: 1, burst: 2 };
    assert.ok(limiter.take("b", "c", lowered, T0).allowed);
    assert.ok(limiter.take("b", "c", lowered, T0).allowed);
    assert.ok(!limiter.take("b", "c", lowered, T0).allowed);
  });

  it("forgets the least recently used bucket past maxClients", () => {
    const limiter = new RateLimiter({ maxClients: 2 });
    const one: RateLimit = { perSecond: 1, burst: 1 };
    limiter.take("b", "old", one, T0);
    limiter.take("b", "kept", one, T0);
    limiter.take("b", "old", one, T0); // touch: "kept" is now the oldest
    limiter.take("b", "new", one, T0);
    assert.equal(limiter.size, 2);
    assert.ok(!limiter.take("b", "old", one, T0).allowed, "old was kept, still empty");
    assert.ok(limiter.take("b", "kept", one, T0).allowed, "kept was evicted and came back full");
  });

  it("holds at most maxClients buckets under a flood of invented clients", () => {
    const limiter = new RateLimiter({ maxClients: 1000 });
    for (let i = 0; i < 20_000; i++) limiter.take("b", `client-${i}`, ONE_PER_SECOND, T0 + i);
    assert.ok(limiter.size <= 1000 && limiter.size > 1000 - 1000 / 16, `${limiter.size} buckets`);
  });

  // Up to 31 clients the eviction batch is one bucket, so the limiter is an exact LRU.
  it("remembers exactly the maxClients most recently used buckets (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 9 })),
        (maxClients, seq) => {
          const limiter = new RateLimiter({ maxClients });
          const one: RateLimit = { perSecond: 1, burst: 1 };
          const recency: number[] = []; // the model: most recent last
          for (const client of seq) {
            limiter.take("b", `client-${client}`, one, T0);
            if (recency.includes(client)) recency.splice(recency.indexOf(client), 1);
            recency.push(client);
          }
          const kept = recency.slice(-maxClients);
          assert.equal(limiter.size, kept.length);
          // A remembered bucket is empty at T0; taking from it refuses and evicts nothing.
          for (const client of kept) assert.ok(!limiter.take("b", `client-${client}`, one, T0).allowed);
        },
      ),
    );
  });

  it("throws RangeError for a cost above burst or a bad limit", () => {
    const limiter = new RateLimiter();
    assert.throws(() => limiter.take("b", "c", ONE_PER_SECOND, T0, 4), RangeError);
    assert.throws(() => limiter.take("b", "c", ONE_PER_SECOND, T0, -1), RangeError);
    assert.throws(() => limiter.take("b", "c", { perSecond: 0, burst: 1 }, T0), RangeError);
    assert.throws(() => limiter.take("b", "c", { perSecond: 1, burst: NaN }, T0), RangeError);
    assert.throws(() => new RateLimiter({ maxClients: 0 }), RangeError);
  });

  it("never allows more than burst + perSecond × T in any span T (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 3 })), {
          minLength: 1,
          maxLength: 200,
        }),
        (perSecond, burst, takes) => {
          const limiter = new RateLimiter();
          const limit = { perSecond, burst };
          let spent = 0;
          for (const [atMs, cost] of takes) {
            if (cost > burst) continue;
            if (limiter.take("b", "c", limit, T0 + atMs, cost).allowed) spent += cost;
          }
          const times = takes.map(([atMs]) => atMs);
          const spanSeconds = (Math.max(...times) - Math.min(...times)) / 1000;
          assert.ok(spent <= burst + perSecond * spanSeconds + 1e-9, `${spent} tokens spent`);
        },
      ),
    );
  });

  it("allows a take exactly when retryAfterSeconds has passed (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        (perSecond, burst, wanted) => {
          const cost = Math.min(wanted, burst);
          const limiter = new RateLimiter();
          const limit = { perSecond, burst };
          while (limiter.take("b", "c", limit, T0).allowed);
          const refused = limiter.take("b", "c", limit, T0, cost);
          assert.equal(refused.allowed, false);
          assert.ok(Number.isInteger(refused.retryAfterSeconds) && refused.retryAfterSeconds >= 1);
          assert.ok(limiter.take("b", "c", limit, T0 + refused.retryAfterSeconds * 1000, cost).allowed);
        },
      ),
    );
  });
});
