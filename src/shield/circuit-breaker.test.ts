import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { CircuitBreakers, type BreakerOptions, type BreakerState } from "./circuit-breaker.ts";

const T0 = 1_760_000_000_000;
const OPTIONS = { failureThreshold: 3, windowMs: 10_000, cooldownMs: 30_000 };

/** Breakers with a log of every transition, as "agent FROM→TO". */
function recorded(options: Partial<BreakerOptions> = OPTIONS) {
  const log: string[] = [];
  const breakers = new CircuitBreakers(options, (id, from, to) => log.push(`${id} ${from}→${to}`));
  return { breakers, log };
}

function trip(breakers: CircuitBreakers, agentId: string, atMs: number): void {
  for (let i = 0; i < OPTIONS.failureThreshold; i++) breakers.recordFailure(agentId, "validation", atMs);
}

describe("CircuitBreakers", () => {
  it("admits an unknown agent and reports it CLOSED without storing it", () => {
    const { breakers } = recorded();
    assert.deepEqual(breakers.admit("a", T0), { allowed: true, state: "CLOSED" });
    assert.deepEqual(breakers.get("a", T0), {
      agentId: "a",
      state: "CLOSED",
      banned: false,
      failures: 0,
      rejected: 0,
    });
    assert.deepEqual(breakers.list(T0), []);
    assert.deepEqual(breakers.counts(T0), { CLOSED: 0, OPEN: 0, HALF_OPEN: 0 });
  });

  it("opens at the threshold and refuses until the cooldown ends", () => {
    const { breakers, log } = recorded();
    breakers.recordFailure("a", "invalid_signature", T0);
    breakers.recordFailure("a", "quota", T0 + 1000);
    assert.equal(breakers.get("a", T0 + 1000).failures, 2);
    assert.equal(breakers.admit("a", T0 + 1000).allowed, true);
    breakers.recordFailure("a", "proof_of_work", T0 + 2000);
    assert.deepEqual(log, ["a CLOSED→OPEN"]);
    const refused = { allowed: false, state: "OPEN", banned: false };
    assert.deepEqual(breakers.admit("a", T0 + 2000), { ...refused, retryAfterSeconds: 30 });
    assert.equal(breakers.get("a", T0 + 10_500).failures, 2, "the failure at T0 has left the window");
    assert.deepEqual(breakers.admit("a", T0 + 30_500), { ...refused, retryAfterSeconds: 2 });
    assert.deepEqual(breakers.admit("a", T0 + 31_999), { ...refused, retryAfterSeconds: 1 });
    assert.deepEqual(breakers.get("a", T0 + 31_999), {
      agentId: "a",
      state: "OPEN",
      banned: false,
      failures: 0, // all three have left the 10 s window
      lastFailure: "proof_of_work",
      openedAtMs: T0 + 2000,
      retryAtMs: T0 + 32_000,
      rejected: 3,
    });
  });

  it("counts failures in a sliding window, not in total", () => {
    const { breakers } = recorded();
    for (let i = 0; i < 10; i++) breakers.recordFailure("a", "validation", T0 + i * 5000);
    assert.equal(breakers.get("a", T0 + 45_000).state, "CLOSED", "never 3 within 10 s");
    assert.equal(breakers.get("a", T0 + 45_000).failures, 2);
    assert.equal(breakers.get("a", T0 + 55_000).failures, 0);
    assert.deepEqual(breakers.list(T0 + 55_000), [], "an agent whose failures expired is forgotten");
  });

  it("goes HALF_OPEN after the cooldown and closes on a success", () => {
    const { breakers, log } = recorded();
    trip(breakers, "a", T0);
    assert.deepEqual(breakers.admit("a", T0 + 30_000), { allowed: true, state: "HALF_OPEN" });
    assert.deepEqual(breakers.admit("a", T0 + 30_001), { allowed: true, state: "HALF_OPEN" });
    breakers.recordSuccess("a", T0 + 30_002);
    assert.deepEqual(log, ["a CLOSED→OPEN", "a OPEN→HALF_OPEN", "a HALF_OPEN→CLOSED"]);
    assert.deepEqual(breakers.get("a", T0 + 30_002), {
      agentId: "a",
      state: "CLOSED",
      banned: false,
      failures: 0,
      rejected: 0,
    });
    breakers.recordFailure("a", "validation", T0 + 30_003);
    assert.equal(breakers.get("a", T0 + 30_003).state, "CLOSED", "the old failures were cleared");
  });

  it("opens again on any failure while HALF_OPEN, with a fresh cooldown", () => {
    const { breakers, log } = recorded();
    trip(breakers, "a", T0);
    breakers.admit("a", T0 + 40_000);
    breakers.recordFailure("a", "invalid_signature", T0 + 40_001);
    assert.deepEqual(log, ["a CLOSED→OPEN", "a OPEN→HALF_OPEN", "a HALF_OPEN→OPEN"]);
    const snapshot = breakers.get("a", T0 + 40_001);
    assert.equal(snapshot.state, "OPEN");
    assert.equal(snapshot.retryAtMs, T0 + 70_001);
    assert.equal(snapshot.rejected, 0);
  });

  it("ignores a success while CLOSED or OPEN", () => {
    const { breakers } = recorded();
    breakers.recordFailure("a", "validation", T0);
    breakers.recordSuccess("a", T0);
    assert.equal(breakers.get("a", T0).failures, 1);
    trip(breakers, "a", T0);
    breakers.recordSuccess("a", T0 + 1);
    assert.equal(breakers.get("a", T0 + 1).state, "OPEN");
  });

  it("reports HALF_OPEN from get once the cooldown has passed", () => {
    const { breakers, log } = recorded();
    trip(breakers, "a", T0);
    assert.equal(breakers.get("a", T0 + 30_000).state, "HALF_OPEN");
    assert.deepEqual(log, ["a CLOSED→OPEN", "a OPEN→HALF_OPEN"]);
  });

  it("keeps a banned agent OPEN until unbanned; reset does not unban", () => {
    const { breakers, log } = recorded();
    breakers.ban("a", T0);
    const banned = { allowed: false, state: "OPEN", banned: true, retryAfterSeconds: 3600 };
    assert.deepEqual(breakers.admit("a", T0), banned);
    assert.deepEqual(breakers.admit("a", T0 + 365 * 86_400_000), banned);
    breakers.reset("a", T0 + 1);
    assert.deepEqual(breakers.admit("a", T0 + 2), banned);
    assert.deepEqual(breakers.get("a", T0 + 2), {
      agentId: "a",
      state: "OPEN",
      banned: true,
      failures: 0,
      openedAtMs: T0,
      rejected: 3,
    });
    breakers.recordFailure("a", "validation", T0 + 3);
    breakers.unban("a", T0 + 4);
    assert.deepEqual(breakers.admit("a", T0 + 5), { allowed: true, state: "CLOSED" });
    assert.deepEqual(breakers.get("a", T0 + 5).failures, 0);
    assert.deepEqual(log, ["a CLOSED→OPEN", "a OPEN→CLOSED"]);
  });

  it("bans an agent that was already OPEN without a second transition", () => {
    const { breakers, log } = recorded();
    trip(breakers, "a", T0);
    breakers.ban("a", T0 + 1);
    assert.equal(breakers.get("a", T0 + 60_000).state, "OPEN", "a ban never cools down");
    assert.deepEqual(log, ["a CLOSED→OPEN"]);
  });

  it("resets an OPEN agent to CLOSED with failures cleared", () => {
    const { breakers, log } = recorded();
    trip(breakers, "a", T0);
    breakers.reset("a", T0 + 1);
    assert.deepEqual(breakers.admit("a", T0 + 1), { allowed: true, state: "CLOSED" });
    assert.deepEqual(log, ["a CLOSED→OPEN", "a OPEN→CLOSED"]);
    breakers.reset("unknown", T0);
    breakers.unban("unknown", T0);
    assert.deepEqual(breakers.list(T0), []);
  });

  it("lists OPEN first, then HALF_OPEN, then CLOSED with failures, and counts them", () => {
    const { breakers } = recorded();
    breakers.recordFailure("closed", "validation", T0 + 25_000);
    trip(breakers, "half", T0);
    trip(breakers, "open-b", T0 + 20_000);
    breakers.ban("open-a", T0);
    const at = T0 + 30_000;
    assert.deepEqual(
      breakers.list(at).map((s) => `${s.agentId}:${s.state}`),
      ["open-a:OPEN", "open-b:OPEN", "half:HALF_OPEN", "closed:CLOSED"],
    );
    assert.deepEqual(breakers.counts(at), { CLOSED: 1, OPEN: 2, HALF_OPEN: 1 });
  });

  it("evicts CLOSED agents before tripped ones and never evicts a banned one", () => {
    const { breakers } = recorded({ ...OPTIONS, maxAgents: 3 });
    breakers.ban("banned", T0);
    trip(breakers, "tripped", T0);
    for (let i = 0; i < 1000; i++) breakers.recordFailure(`flood-${i}`, "validation", T0 + i);
    assert.equal(breakers.get("tripped", T0 + 1000).state, "OPEN");
    assert.equal(breakers.get("banned", T0 + 1000).banned, true);
    assert.deepEqual(breakers.counts(T0 + 1000), { CLOSED: 2, OPEN: 2, HALF_OPEN: 0 });
    for (let i = 0; i < 1000; i++) trip(breakers, `tripped-${i}`, T0 + 2000);
    assert.equal(breakers.get("banned", T0 + 2000).banned, true);
    assert.deepEqual(breakers.counts(T0 + 2000), { CLOSED: 0, OPEN: 4, HALF_OPEN: 0 });
  });

  it("still counts a new agent's failures when tripped agents fill the cap", () => {
    const { breakers } = recorded({ ...OPTIONS, maxAgents: 3 });
    for (let i = 0; i < 3; i++) trip(breakers, `junk-${i}`, T0);
    trip(breakers, "attacker", T0 + 1);
    assert.equal(breakers.get("attacker", T0 + 1).state, "OPEN");
    assert.deepEqual(breakers.counts(T0 + 1), { CLOSED: 0, OPEN: 3, HALF_OPEN: 0 });
  });

  it("throws RangeError for bad options", () => {
    assert.throws(() => new CircuitBreakers({ failureThreshold: 0 }), RangeError);
    assert.throws(() => new CircuitBreakers({ windowMs: 0 }), RangeError);
    assert.throws(() => new CircuitBreakers({ cooldownMs: -1 }), RangeError);
    assert.throws(() => new CircuitBreakers({ maxAgents: 1.5 }), RangeError);
  });

  it("never opens with fewer than threshold failures in any window (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 60 }),
        (threshold, gaps) => {
          const windowMs = 10_000;
          const breakers = new CircuitBreakers({ failureThreshold: threshold, windowMs });
          let at = T0;
          const times: number[] = [];
          for (const gap of gaps) {
            at += gap;
            times.push(at);
            breakers.recordFailure("a", "validation", at);
          }
          const crowded = times.some(
            (t, i) => i >= threshold - 1 && t - times[i - threshold + 1]! < windowMs,
          );
          const everOpened =
            breakers.get("a", at).state !== "CLOSED" || breakers.get("a", at).openedAtMs !== undefined;
          assert.equal(everOpened, crowded);
        },
      ),
    );
  });

  it("keeps the reported transitions, admit and snapshots consistent (property)", () => {
    const step = fc.record({
      op: fc.constantFrom("admit", "failure", "success", "ban", "unban", "reset"),
      agent: fc.constantFrom("a", "b"),
      dt: fc.integer({ min: 0, max: 20_000 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const last = new Map<string, BreakerState>();
        const breakers = new CircuitBreakers(OPTIONS, (id, from, to) => {
          assert.equal(from, last.get(id) ?? "CLOSED", "each transition starts where the last ended");
          assert.notEqual(from, to);
          last.set(id, to);
        });
        let at = T0;
        for (const { op, agent, dt } of steps) {
          at += dt;
          if (op === "admit") {
            const decision = breakers.admit(agent, at);
            const snapshot = breakers.get(agent, at);
            assert.equal(decision.allowed, snapshot.state !== "OPEN");
            assert.equal(decision.state, snapshot.state);
            if (!decision.allowed) assert.equal(decision.banned, snapshot.banned);
          } else if (op === "failure") breakers.recordFailure(agent, "validation", at);
          else if (op === "success") breakers.recordSuccess(agent, at);
          else breakers[op](agent, at);
          for (const id of ["a", "b"]) {
            const snapshot = breakers.get(id, at);
            assert.equal(snapshot.state, last.get(id) ?? "CLOSED");
            assert.ok(snapshot.failures <= OPTIONS.failureThreshold);
            if (snapshot.banned) assert.equal(snapshot.state, "OPEN");
          }
          const counts = breakers.counts(at);
          assert.equal(counts.CLOSED + counts.OPEN + counts.HALF_OPEN, breakers.list(at).length);
        }
      }),
    );
  });
});
