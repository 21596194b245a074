import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { blake3Hex } from "../model/content-hash.ts";
import { bytesToHex, hexToBytes } from "../model/hex.ts";
import {
  ProofOfWorkVerifier,
  leadingZeroBits,
  powDigest,
  solveProofOfWork,
  type PowCheck,
} from "./proof-of-work.ts";

const AGENT = "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29";
const NOW_S = 1_760_000_000;
const NOW_MS = NOW_S * 1000 + 250;

/** The preimage written out by hand, so the layout is checked apart from the code under test. */
function u64le(value: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, value, true);
  return bytes;
}

function reasonOf(check: PowCheck): string {
  return check.ok ? "ok" : check.reason;
}

describe("leadingZeroBits", () => {
  const table: readonly [number[], number][] = [
    [[], 0],
    [[0xff], 0],
    [[0x80, 0], 0],
    [[0x01], 7],
    [[0x00, 0x1f], 11],
    [[0x00, 0x00, 0x01], 23],
    [[0x00, 0x00, 0x00], 24],
  ];
  for (const [bytes, expected] of table) {
    it(`counts ${expected} in [${bytes.join(", ")}]`, () => {
      assert.equal(leadingZeroBits(Uint8Array.from(bytes)), expected);
    });
  }

  it("matches counting zeros in the binary text (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 }), (bytes) => {
        const binary = [...bytes].map((b) => b.toString(2).padStart(8, "0")).join("");
        assert.equal(leadingZeroBits(bytes), /^0*/.exec(binary)![0].length);
      }),
    );
  });
});

describe("powDigest", () => {
  it("hashes nonce u64 LE ‖ 32 raw agent bytes ‖ timestamp u64 LE for a hex agent id", () => {
    const preimage = Buffer.concat([u64le(258n), hexToBytes(AGENT), u64le(BigInt(NOW_S))]);
    assert.equal(preimage.length, 48);
    assert.equal(bytesToHex(powDigest(258n, AGENT, NOW_S)), blake3Hex(preimage));
    assert.deepEqual(powDigest(258n, AGENT.toUpperCase(), NOW_S), powDigest(258n, AGENT, NOW_S));
  });

  it("hashes the UTF-8 of any other agent id, including 63 hex characters", () => {
    for (const agent of ["agent-ü", AGENT.slice(1)]) {
      const preimage = Buffer.concat([u64le(2n ** 64n - 1n), Buffer.from(agent, "utf8"), u64le(0n)]);
      assert.equal(bytesToHex(powDigest(2n ** 64n - 1n, agent, 0)), blake3Hex(preimage), agent);
    }
  });

  it("throws RangeError for a nonce beyond u64 or a bad timestamp", () => {
    assert.throws(() => powDigest(-1n, AGENT, NOW_S), RangeError);
    assert.throws(() => powDigest(2n ** 64n, AGENT, NOW_S), RangeError);
    assert.throws(() => powDigest(0n, AGENT, -1), RangeError);
    assert.throws(() => powDigest(0n, AGENT, 1.5), RangeError);
  });
});

describe("solveProofOfWork", () => {
  for (const difficulty of [0, 8, 10, 12]) {
    it(`finds the smallest nonce with ${difficulty} leading zero bits`, () => {
      const nonce = solveProofOfWork(AGENT, NOW_S, difficulty);
      assert.ok(leadingZeroBits(powDigest(nonce, AGENT, NOW_S)) >= difficulty);
      for (let smaller = 0n; smaller < nonce; smaller++) {
        assert.ok(leadingZeroBits(powDigest(smaller, AGENT, NOW_S)) < difficulty, `nonce ${smaller}`);
      }
    });
  }

  it("throws RangeError for a difficulty outside 0 to 256", () => {
    assert.throws(() => solveProofOfWork(AGENT, NOW_S, -1), RangeError);
    assert.throws(() => solveProofOfWork(AGENT, NOW_S, 257), RangeError);
    assert.throws(() => solveProofOfWork(AGENT, NOW_S, 8.5), RangeError);
  });
});

describe("ProofOfWorkVerifier", () => {
  const solved = solveProofOfWork(AGENT, NOW_S, 10);
  const nonce = String(solved);

  it("accepts a solved proof once, then refuses it as replayed", () => {
    const verifier = new ProofOfWorkVerifier({});
    assert.deepEqual(verifier.verify(AGENT, 10, nonce, String(NOW_S), NOW_MS), { ok: true });
    const replayed = verifier.verify(AGENT, 10, nonce, String(NOW_S), NOW_MS + 1000);
    assert.equal(reasonOf(replayed), "replayed");
    assert.equal(
      reasonOf(verifier.verify(AGENT.toUpperCase(), 10, nonce, String(NOW_S), NOW_MS)),
      "replayed",
    );
    assert.equal(reasonOf(verifier.verify(AGENT, 10, `00${nonce}`, String(NOW_S), NOW_MS)), "replayed");
  });

  it("accepts a lower difficulty than the proof meets", () => {
    assert.equal(reasonOf(new ProofOfWorkVerifier({}).verify(AGENT, 8, nonce, String(NOW_S), NOW_MS)), "ok");
  });

  // [nonce header, timestamp header, now, expected reason]
  const table: readonly [string | undefined, string | undefined, number, string][] = [
    [undefined, String(NOW_S), NOW_MS, "missing"],
    [nonce, undefined, NOW_MS, "missing"],
    ["", String(NOW_S), NOW_MS, "missing"],
    ["abc", String(NOW_S), NOW_MS, "malformed"],
    ["-1", String(NOW_S), NOW_MS, "malformed"],
    ["1.5", String(NOW_S), NOW_MS, "malformed"],
    ["0x10", String(NOW_S), NOW_MS, "malformed"],
    [` ${nonce}`, String(NOW_S), NOW_MS, "malformed"],
    ["18446744073709551616", String(NOW_S), NOW_MS, "malformed"],
    [nonce, "1.76e9", NOW_MS, "malformed"],
    [nonce, "99999999999999999999", NOW_MS, "malformed"],
    [nonce, String(NOW_S), (NOW_S + 300) * 1000, "ok"],
    [nonce, String(NOW_S), (NOW_S + 300) * 1000 + 1, "stale"],
    [nonce, String(NOW_S), (NOW_S - 60) * 1000, "ok"],
    [nonce, String(NOW_S), (NOW_S - 60) * 1000 - 1, "stale"],
    [nonce, String(NOW_S + 1), NOW_MS, "insufficient"],
  ];
  for (const [nonceHeader, timestampHeader, nowMs, expected] of table) {
    it(`says ${expected} for nonce ${nonceHeader} at timestamp ${timestampHeader}, ${nowMs - NOW_S * 1000} ms on`, () => {
      const check = new ProofOfWorkVerifier({}).verify(AGENT, 10, nonceHeader, timestampHeader, nowMs);
      assert.equal(reasonOf(check), expected);
      if (!check.ok) {
        assert.match(check.message, /Solve: find a nonce such that BLAKE3\(.*\) has 10 leading zero bits/);
        assert.match(check.message, /send X-PoW-Nonce and X-PoW-Timestamp$/);
      }
    });
  }

  it("says how many bits an insufficient proof has", () => {
    const check = new ProofOfWorkVerifier({}).verify(AGENT, 256, nonce, String(NOW_S), NOW_MS);
    assert.ok(!check.ok);
    const bits = leadingZeroBits(powDigest(solved, AGENT, NOW_S));
    assert.match(check.message, new RegExp(`^The digest has ${bits} leading zero bits; 256 are required`));
  });

  it("honours maxAgeSeconds, and reports a replay past it as stale", () => {
    const verifier = new ProofOfWorkVerifier({ maxAgeSeconds: 10 });
    assert.equal(reasonOf(verifier.verify(AGENT, 10, nonce, String(NOW_S), NOW_MS)), "ok");
    assert.equal(reasonOf(verifier.verify(AGENT, 10, nonce, String(NOW_S), (NOW_S + 10) * 1000)), "replayed");
    assert.equal(reasonOf(verifier.verify(AGENT, 10, nonce, String(NOW_S), (NOW_S + 11) * 1000)), "stale");
  });

  it("remembers a proof until it is stale, across a generation shift", () => {
    const verifier = new ProofOfWorkVerifier({}); // proofs go stale within 360 s
    const accept = (agent: string, timestamp: number, atMs: number): string =>
      reasonOf(verifier.verify(agent, 0, "7", String(timestamp), atMs));
    assert.equal(accept("first", NOW_S, NOW_MS), "ok");
    assert.equal(accept("a", NOW_S + 100, NOW_MS + 100_000), "ok");
    assert.equal(accept("shifts", NOW_S + 360, NOW_MS + 360_000), "ok");
    assert.equal(accept("a", NOW_S + 100, NOW_MS + 399_000), "replayed");
    assert.equal(accept("a", NOW_S + 100, NOW_MS + 400_000), "stale");
    assert.equal(accept("late", NOW_S + 1500, (NOW_S + 1500) * 1000), "ok");
    assert.equal(verifier.size, 1, "two idle periods dropped every older proof");
  });

  it("remembers at most maxRemembered proofs under a flood", () => {
    const verifier = new ProofOfWorkVerifier({ maxRemembered: 10 });
    for (let i = 0; i < 1000; i++) {
      assert.equal(reasonOf(verifier.verify(`agent-${i}`, 0, "0", String(NOW_S), NOW_MS)), "ok");
      assert.ok(verifier.size <= 10);
    }
    assert.equal(reasonOf(verifier.verify("agent-999", 0, "0", String(NOW_S), NOW_MS)), "replayed");
  });

  it("throws RangeError for bad options or difficulty", () => {
    assert.throws(() => new ProofOfWorkVerifier({ maxAgeSeconds: 0 }), RangeError);
    assert.throws(() => new ProofOfWorkVerifier({ maxRemembered: 1 }), RangeError);
    assert.throws(() => new ProofOfWorkVerifier({}).verify(AGENT, -1, "0", "0", 0), RangeError);
  });

  it("accepts every solved proof once, for any agent and time (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.stringMatching(/^[0-9a-f]{64}$/)),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: -60_000, max: 300_000 }),
        (agent, timestamp, difficulty, ageMs) => {
          const verifier = new ProofOfWorkVerifier({});
          const found = String(solveProofOfWork(agent, timestamp, difficulty));
          const at = timestamp * 1000 + ageMs;
          assert.equal(reasonOf(verifier.verify(agent, difficulty, found, String(timestamp), at)), "ok");
          assert.equal(
            reasonOf(verifier.verify(agent, difficulty, found, String(timestamp), at)),
            "replayed",
          );
        },
      ),
      { numRuns: 50 },
    );
  });
});
