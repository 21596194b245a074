import assert from "node:assert/strict";
import { test } from "node:test";
import { runHttpFloor } from "./run.ts";

// Keeps the floor benchmark working end to end (the real server, both bare servers, the clients);
// the numbers of a quick run mean nothing.
test(
  "the HTTP floor benchmark's quick mode measures the three servers on answers of one size",
  { timeout: 60_000 },
  async () => {
    const report = await runHttpFloor({ quick: true });
    const rows = report.split("\n").filter((line) => /^\| (StemeDB|`node:http`|Fastify)/.test(line));
    assert.equal(rows.length, 3, report);
    const bytes = rows.map((row) => row.split("|")[5]?.trim());
    assert.ok(Number(bytes[0]) > 100, `StemeDB's answer has ${bytes[0]} bytes`);
    assert.deepEqual(new Set(bytes).size, 1, `every server answers as many bytes: ${bytes.join(", ")}`);
    for (const row of rows) {
      const rate = Number(row.split("|")[2]?.trim().replaceAll(",", ""));
      assert.ok(rate > 0, `a rate for ${row}`);
    }
  },
);
