#!/usr/bin/env node
// The server under the name the operations runbooks use: `stemedb-api` serves, `--version` prints it.
import { loadMain } from "./dist.js";

const main = await loadMain();
await main("stemedb-api", process.argv.slice(2));
