// Entry of the content defense's worker thread. A worker does not inherit the TypeScript loader
// the server registered in code (bin/), so it registers its own before loading the module.
import { register } from "tsx/esm/api";

register();
await import("./defense-worker.ts");
