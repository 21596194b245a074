/**
 * StemeDB as a library: the embedded database and the assertion model.
 *
 * @example
 * ```ts
 * import { StemeDb, normalizeAssertion } from "stemedb";
 *
 * const db = await StemeDb.open({ walDir: "data/wal", dbDir: "data/db" });
 * const { hash, status } = await db.append(
 *   normalizeAssertion(
 *     { concept_path: "drugs/aspirin", predicate: "max_dose_mg", value: 4000, confidence: 0.9 },
 *     { nowMs: Date.now() },
 *   ),
 * );
 * await db.close();
 * ```
 */
export { StemeDb, type AppendResult, type StemeDbOptions, type OpenReport } from "./db/steme-db.ts";
export { rebuildStore, type RebuildReport } from "./db/rebuild.ts";
export { DirectoryLockedError } from "./db/directory-lock.ts";
export * from "./model/index.ts";
export * from "./errors.ts";
export type { Logger } from "./logger.ts";
