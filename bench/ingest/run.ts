import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { rebuildStore } from "../../src/db/rebuild.ts";
import { measureBatchedAppends } from "./batched-appends.ts";
import { measureConcurrentAppends } from "./concurrent-appends.ts";
import { machineLine } from "./machine.ts";
import { measureDisk } from "./measure-disk.ts";
import { formatReport, type AppendRow, type StorageRow } from "./report.ts";
import { formatCount } from "./table.ts";
import { withTempDataDir, type DataDirs } from "./temp-data-dir.ts";
import { makeAssertions } from "./workload.ts";

export interface IngestBenchOptions {
  /** About 5,000 assertions per row: checks that the benchmark works, in well under 30 s. */
  readonly quick: boolean;
  /** Assertions for the 256- and 1024-writer rows; the other rows scale from it. */
  readonly records?: number;
  /** Also write the report to `bench/results/ingest-<YYYYMMDD-HHMMSS>.md` (UTC). Off by default. */
  readonly write?: boolean;
  /** Told what is running, for a long run's progress; stdout stays for the report. */
  readonly progress?: (line: string) => void;
}

/** How many assertions each row writes. */
export interface RowSizes {
  readonly large: number;
  readonly medium: number;
  readonly single: number;
  readonly signed: number;
}

const FULL_RECORDS = 200_000;
const QUICK_RECORDS = 5_000;
// One writer waits for a whole fdatasync per assertion, so it measures the disk, not ingest:
// 20,000 commits give a stable mean and p99; more would only make the run long.
const SINGLE_WRITER_RECORDS = 20_000;
const QUICK_SINGLE_WRITER_RECORDS = 1_000;
// signHash imports the private key on every call (~0.4 ms), so signing the workload costs far
// more than writing it; a quarter of the large rows is enough to see where verification caps.
const SIGNED_SHARE = 1 / 4;
const WRITER_COUNTS = [1, 16, 256, 1024] as const;
const SIGNED_WRITERS = 256;
// The row whose data directory is measured on disk and rebuilt.
const REBUILT_WRITERS = 256;
const BATCH_SIZE = 1_000;
const CONCURRENT_BATCHES = 4;
const WARM_UP_RECORDS = 2_000;

/** Row sizes for the options: `records` sets the large rows, the others follow from it. */
export function rowSizes(options: Pick<IngestBenchOptions, "quick" | "records">): RowSizes {
  const large = options.records ?? (options.quick ? QUICK_RECORDS : FULL_RECORDS);
  if (!Number.isSafeInteger(large) || large < 1) {
    throw new RangeError(`Cannot run with ${large} records: it must be a positive integer`);
  }
  if (options.quick) {
    return { large, medium: large, single: Math.min(large, QUICK_SINGLE_WRITER_RECORDS), signed: large };
  }
  return {
    large,
    medium: Math.ceil(large / 2),
    single: Math.min(large, SINGLE_WRITER_RECORDS),
    signed: Math.ceil(large * SIGNED_SHARE),
  };
}

/**
 * Measures the durable write path of the embedded database (see `bench/ingest/README.md`) and
 * returns the report as markdown. Each row runs on a fresh data directory under the OS temp dir.
 *
 * @example
 * ```ts
 * const markdown = await runIngestBench({ quick: true });
 * ```
 */
export async function runIngestBench(options: IngestBenchOptions): Promise<string> {
  const progress = options.progress ?? ((): void => undefined);
  const sizes = rowSizes(options);
  const startedAt = new Date();
  // Taken now, not when the report is formatted: the load average must be from before the run.
  const machine = machineLine(startedAt);

  // Generated before any timing, so only the database is measured.
  progress(`Generating ${formatCount(sizes.large)} assertions...`);
  const unsigned = makeAssertions({ count: sizes.large, nowMs: startedAt.getTime() });

  // Untimed: lets V8 optimise the write path, so the first row is not penalised for going first.
  await withTempDataDir((dirs) =>
    measureConcurrentAppends(dirs, unsigned.slice(0, Math.min(WARM_UP_RECORDS, sizes.large)), {
      writers: 64,
      signaturesVerified: true,
    }),
  );

  const appends: AppendRow[] = [];
  let storage: StorageRow | undefined;
  for (const writers of WRITER_COUNTS) {
    const count = writers === 1 ? sizes.single : writers === 16 ? sizes.medium : sizes.large;
    progress(
      `Appending ${formatCount(count)} unsigned assertions with ${writers} writer${writers === 1 ? "" : "s"}...`,
    );
    const measured = await withTempDataDir(async (dirs) => {
      const run = await measureConcurrentAppends(dirs, unsigned.slice(0, count), {
        writers,
        signaturesVerified: true,
      });
      // The 256-writer directory, closed by now, is the one measured on disk and rebuilt.
      const after = writers === REBUILT_WRITERS ? await measureAndRebuild(dirs, progress) : undefined;
      return { run, after };
    });
    appends.push({ workload: "unsigned", writers, run: measured.run });
    if (measured.after !== undefined) storage = measured.after;
  }

  progress(`Signing ${formatCount(sizes.signed)} assertions (not timed)...`);
  const signed = makeAssertions({ count: sizes.signed, signed: true, nowMs: startedAt.getTime() });
  progress(`Appending ${formatCount(sizes.signed)} signed assertions with ${SIGNED_WRITERS} writers...`);
  appends.push({
    workload: "signed (verified)",
    writers: SIGNED_WRITERS,
    run: await withTempDataDir((dirs) =>
      measureConcurrentAppends(dirs, signed, { writers: SIGNED_WRITERS, signaturesVerified: false }),
    ),
  });

  progress(`Appending ${formatCount(sizes.large)} assertions in batches of ${formatCount(BATCH_SIZE)}...`);
  const batched = await withTempDataDir((dirs) =>
    measureBatchedAppends(dirs, unsigned, { batchSize: BATCH_SIZE, concurrency: CONCURRENT_BATCHES }),
  );

  if (storage === undefined) throw new Error("unreachable: the 256-writer row always runs");
  const markdown = formatReport({
    machine,
    quick: options.quick,
    appends,
    batched: { batchSize: BATCH_SIZE, concurrency: CONCURRENT_BATCHES, run: batched },
    storage,
  });
  if (options.write === true) progress(`Wrote ${writeResults(markdown, startedAt)}`);
  return markdown;
}

/**
 * Measures a closed data directory on disk, rebuilds its store from the WAL (timed by
 * `rebuildStore` itself), and measures it again: a rebuilt store is written in large sorted
 * transactions, so comparing the two shows how much live ingest fragments LMDB's pages.
 */
async function measureAndRebuild(dirs: DataDirs, progress: (line: string) => void): Promise<StorageRow> {
  const afterIngest = await measureDisk(dirs.walDir, dirs.dbDir);
  progress("Rebuilding the store from the WAL...");
  const rebuild = await rebuildStore({ walDir: dirs.walDir, dbDir: dirs.dbDir });
  const afterRebuild = await measureDisk(dirs.walDir, dirs.dbDir);
  return { afterIngest, rebuild, afterRebuild };
}

/** Writes the report beside the benchmark, in `bench/results/`, and returns its path. */
function writeResults(markdown: string, startedAt: Date): string {
  const dir = fileURLToPath(new URL("../results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  // UTC, so that names sort in run order whatever the machine's zone.
  const stamp = startedAt.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const path = join(dir, `ingest-${stamp}.md`);
  writeFileSync(path, markdown);
  return path;
}
