import assert from "node:assert/strict";
import { test } from "node:test";
import { RateMeter } from "./rate-meter.ts";

test("a rate needs two readings; a counter that went down (a restart) starts over", () => {
  const cases: readonly {
    readings: readonly [count: number, atMs: number][];
    rates: readonly (number | undefined)[];
  }[] = [
    { readings: [[100, 0]], rates: [undefined] },
    {
      readings: [
        [100, 0],
        [150, 5_000],
      ],
      rates: [undefined, 10],
    },
    {
      readings: [
        [100, 0],
        [100, 5_000],
      ],
      rates: [undefined, 0],
    },
    {
      readings: [
        [100, 0],
        [3, 5_000],
        [13, 10_000],
      ],
      rates: [undefined, undefined, 2],
    },
    {
      readings: [
        [100, 5_000],
        [150, 5_000],
      ],
      rates: [undefined, undefined],
    },
  ];
  for (const { readings, rates } of cases) {
    const meter = new RateMeter();
    assert.deepEqual(
      readings.map(([count, atMs]) => meter.read(count, atMs)),
      rates,
      JSON.stringify(readings),
    );
  }
});
