import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DEFAULT_QUOTA_COSTS, QuotaMeter, operationCost, type MeteredOperation } from "./quota-meter.ts";

const HOUR = 3_600_000;
// 2025-10-09T08:00:00Z, a whole UTC hour.
const HOUR_START = Date.UTC(2025, 9, 9, 8);

describe("operationCost", () => {
  type Detail = Parameters<typeof operationCost>[2];
  const table: readonly [MeteredOperation, Detail, number][] = [
    ["assert", {}, 10],
    ["assert", { items: 3 }, 30],
    ["assert", { items: 1, payloadBytes: 1 }, 11],
    ["assert", { payloadBytes: 1024 }, 11],
    ["assert", { payloadBytes: 1025 }, 12],
    ["assert", { items: 100, payloadBytes: 50_000 }, 1049],
    ["vote", {}, 1],
    ["vote", { items: 0 }, 0],
    ["query", {}, 5],
    ["query", { lenses: 3 }, 8],
    ["record", { items: 2, payloadBytes: 0 }, 4],
  ];
  for (const [op, detail, expected] of table) {
    it(`${op} ${JSON.stringify(detail)} costs ${expected}`, () => {
      assert.equal(operationCost(DEFAULT_QUOTA_COSTS, op, detail), expected);
    });
  }

  it("uses the given price list", () => {
    const costs = { ...DEFAULT_QUOTA_COSTS, query: 2, lens: 10, perKilobyte: 0 };
    assert.equal(operationCost(costs, "query", { lenses: 2, payloadBytes: 9000 }), 22);
  });

  it("throws RangeError for negative or fractional counts", () => {
    assert.throws(() => operationCost(DEFAULT_QUOTA_COSTS, "vote", { items: -1 }), RangeError);
    assert.throws(() => operationCost(DEFAULT_QUOTA_COSTS, "vote", { lenses: 1.5 }), RangeError);
    assert.throws(() => operationCost(DEFAULT_QUOTA_COSTS, "vote", { payloadBytes: NaN }), RangeError);
  });
});

describe("QuotaMeter", () => {
  it("charges until the limit, then refuses without charging", () => {
    const meter = new QuotaMeter();
    const at = HOUR_START + 1000;
    const resetAtMs = HOUR_START + HOUR;
    assert.deepEqual(meter.charge("a", 6, 10, at), {
      limit: 10,
      used: 6,
      remaining: 4,
      resetAtMs,
      allowed: true,
    });
    assert.deepEqual(meter.charge("a", 5, 10, at), {
      limit: 10,
      used: 6,
      remaining: 4,
      resetAtMs,
      allowed: false,
    });
    assert.deepEqual(meter.charge("a", 4, 10, at), {
      limit: 10,
      used: 10,
      remaining: 0,
      resetAtMs,
      allowed: true,
    });
    assert.equal(meter.charge("a", 1, 10, at).allowed, false);
    assert.equal(meter.charge("a", 0, 10, at).allowed, true, "a free operation always fits");
  });

  it("resets at the top of the UTC hour, not an hour after the first charge", () => {
    const meter = new QuotaMeter();
    meter.charge("a", 10, 10, HOUR_START + HOUR - 1);
    assert.equal(meter.status("a", 10, HOUR_START + HOUR - 1).remaining, 0);
    assert.deepEqual(meter.status("a", 10, HOUR_START + HOUR), {
      limit: 10,
      used: 0,
      remaining: 10,
      resetAtMs: HOUR_START + 2 * HOUR,
    });
    assert.equal(meter.charge("a", 10, 10, HOUR_START + HOUR).allowed, true);
  });

  it("keeps agents apart", () => {
    const meter = new QuotaMeter();
    meter.charge("a", 10, 10, HOUR_START);
    assert.equal(meter.charge("b", 10, 10, HOUR_START).allowed, true);
  });

  it("reports status of an unknown agent without remembering it", () => {
    const meter = new QuotaMeter();
    assert.deepEqual(meter.status("nobody", 500, HOUR_START + 5), {
      limit: 500,
      used: 0,
      remaining: 500,
      resetAtMs: HOUR_START + HOUR,
    });
    assert.equal(meter.charge("nobody", 501, 500, HOUR_START).allowed, false);
    assert.equal(meter.size, 0);
  });

  it("never reports negative remaining after a limit is lowered", () => {
    const meter = new QuotaMeter();
    meter.charge("a", 80, 100, HOUR_START);
    assert.deepEqual(meter.status("a", 50, HOUR_START), {
      limit: 50,
      used: 80,
      remaining: 0,
      resetAtMs: HOUR_START + HOUR,
    });
  });

  it("forgets the least recently charged agent past maxAgents", () => {
    const meter = new QuotaMeter({ maxAgents: 2 });
    meter.charge("old", 5, 10, HOUR_START);
    meter.charge("kept", 5, 10, HOUR_START);
    meter.charge("old", 1, 10, HOUR_START);
    meter.charge("new", 1, 10, HOUR_START);
    assert.equal(meter.size, 2);
    assert.equal(meter.status("old", 10, HOUR_START).used, 6);
    assert.equal(meter.status("kept", 10, HOUR_START).used, 0);
  });

  it("does not evict when a known agent starts a new hour", () => {
    const meter = new QuotaMeter({ maxAgents: 2 });
    meter.charge("a", 1, 10, HOUR_START);
    meter.charge("b", 1, 10, HOUR_START);
    meter.charge("a", 1, 10, HOUR_START + HOUR);
    assert.equal(meter.status("b", 10, HOUR_START).used, 1);
  });

  it("holds at most maxAgents under a flood of invented agents", () => {
    const meter = new QuotaMeter({ maxAgents: 500 });
    for (let i = 0; i < 10_000; i++) meter.charge(`agent-${i}`, 1, 10, HOUR_START + i);
    assert.ok(meter.size <= 500 && meter.size > 500 - 500 / 16, `${meter.size} agents`);
  });

  it("throws RangeError for a bad cost or limit", () => {
    const meter = new QuotaMeter();
    assert.throws(() => meter.charge("a", -1, 10, HOUR_START), RangeError);
    assert.throws(() => meter.charge("a", Infinity, 10, HOUR_START), RangeError);
    assert.throws(() => meter.charge("a", 1, -10, HOUR_START), RangeError);
    assert.throws(() => meter.status("a", NaN, HOUR_START), RangeError);
    assert.throws(() => new QuotaMeter({ maxAgents: 0 }), RangeError);
  });

  // Up to 31 agents the eviction batch is one agent, so the meter is an exact LRU.
  it("remembers exactly the maxAgents most recently charged agents (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 9 })),
        (maxAgents, seq) => {
          const meter = new QuotaMeter({ maxAgents });
          const recency: number[] = []; // the model: most recent last
          for (const agent of seq) {
            meter.charge(`agent-${agent}`, 1, 1000, HOUR_START);
            if (recency.includes(agent)) recency.splice(recency.indexOf(agent), 1);
            recency.push(agent);
          }
          const kept = new Set(recency.slice(-maxAgents));
          for (let agent = 0; agent < 10; agent++) {
            assert.equal(
              meter.status(`agent-${agent}`, 1000, HOUR_START).used > 0,
              kept.has(agent),
              `agent ${agent}`,
            );
          }
        },
      ),
    );
  });

  it("never lets used exceed the limit in an hour, and used is the sum of allowed charges (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 3 * HOUR })), {
          maxLength: 100,
        }),
        (limit, charges) => {
          const meter = new QuotaMeter();
          const allowedPerHour = new Map<number, number>();
          for (const [cost, offset] of charges.sort((x, y) => x[1] - y[1])) {
            const at = HOUR_START + offset;
            const decision = meter.charge("a", cost, limit, at);
            const hour = Math.floor(offset / HOUR);
            if (decision.allowed) allowedPerHour.set(hour, (allowedPerHour.get(hour) ?? 0) + cost);
            assert.equal(decision.used, allowedPerHour.get(hour) ?? 0);
            assert.ok(decision.used <= limit);
            assert.equal(decision.used + decision.remaining, limit);
            assert.equal(decision.resetAtMs, HOUR_START + (hour + 1) * HOUR);
          }
        },
      ),
    );
  });
});
