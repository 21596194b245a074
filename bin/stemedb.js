#!/usr/bin/env node
// Runs the bundled command line (bin/dist.js builds it when the sources changed), so there is no
// build step to forget.
import { loadMain } from "./dist.js";

const main = await loadMain();
await main("stemedb", process.argv.slice(2));
