import assert from "node:assert/strict";
import { test } from "node:test";
import { RandomPool } from "./random-pool.ts";

test("a random pool hands out fresh bytes of the length asked, across refills, never the same twice", () => {
  const pool = new RandomPool(64);
  const taken = Array.from({ length: 50 }, () => pool.take(24));
  assert.ok(taken.every((bytes) => bytes.length === 24));
  assert.equal(new Set(taken.map((bytes) => bytes.toString("hex"))).size, 50);
  const first = taken[0]?.toString("hex");
  pool.take(64); // refills over the bytes the first take was cut from
  assert.equal(taken[0]?.toString("hex"), first, "a taken Buffer does not share the pool's memory");
  assert.equal(pool.take(100).length, 100, "more than the pool holds comes straight from the generator");
});
