#!/usr/bin/env node
// The server under the name the operations runbooks use: `stemedb-api` serves, `--version` prints it.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
await main("stemedb-api", process.argv.slice(2));
