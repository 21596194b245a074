import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// The test runner does not pass --expose-gc; set at run time, the flag exposes gc to new contexts.
setFlagsFromString("--expose-gc");

/** Runs a full garbage collection, for tests of what a piece of code keeps in memory. */
export const collectGarbage = runInNewContext("gc") as () => void;
