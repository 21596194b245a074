#!/usr/bin/env node
// Bundles the command line into dist/cli.mjs (bin/dist.js), for `npm run build` and after
// `npm install` (prepare). The bins also build it when it is missing or stale: this does it ahead.
import { relative } from "node:path";
import { buildDist } from "../bin/dist.js";

const started = performance.now();
const bundle = await buildDist();
console.log(`Built ${relative(process.cwd(), bundle)} in ${Math.round(performance.now() - started)} ms`);
