import { mkdirSync } from "node:fs";
import { basename } from "node:path";
import { silentLogger, type Logger } from "../logger.ts";
import { archiveSegments } from "../wal/archive.ts";
import { fsyncDirectory } from "../wal/fsync-directory.ts";
import type { SegmentInfo } from "../wal/recover.ts";
import { archiveTail, type ArchivedTail } from "../wal/tail-archive.ts";

/** A consistent view of the log: its segments and the durable bytes of the last one. */
export interface LogPrefix {
  readonly segments: readonly SegmentInfo[];
  readonly tailSize: number;
}

/** What one archiving pass did. */
export interface ArchivePass {
  /** Sealed segments copied in this pass. */
  readonly sealed: readonly string[];
  /** The live segment and how many of its bytes the archive now holds. */
  readonly tail: ArchivedTail | undefined;
  readonly atMs: number;
}

/**
 * Continuous WAL archiving: copies sealed segments into the archive directory as they are sealed,
 * and the live segment's new durable bytes at least every `maxDelayMs`, so the archive is never
 * more than that behind the log: the recovery point objective of a restore from it. Passes run
 * one at a time; a failed pass (the archive's disk full, say) is logged and retried at the next.
 */
export class WalArchiver {
  readonly dir: string;
  readonly #prefix: () => LogPrefix;
  readonly #maxDelayMs: number;
  readonly #logger: Logger;
  readonly #archived = new Set<string>();
  #tail: ArchivedTail | undefined;
  #running: Promise<ArchivePass> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastSuccessMs: number | undefined;

  constructor(options: {
    readonly dir: string;
    readonly prefix: () => LogPrefix;
    readonly maxDelayMs: number;
    readonly logger?: Logger;
  }) {
    this.dir = options.dir;
    this.#prefix = options.prefix;
    this.#maxDelayMs = options.maxDelayMs;
    this.#logger = options.logger ?? silentLogger;
  }

  /** When the last successful pass took its view of the log: the archive holds everything durable then. */
  get lastSuccessMs(): number | undefined {
    return this.#lastSuccessMs;
  }

  /** Sealed segments not yet in the archive. */
  get pendingSegments(): number {
    return this.#prefix()
      .segments.slice(0, -1)
      .filter((segment) => !this.#archived.has(basename(segment.path))).length;
  }

  /** Archives on a timer, every `maxDelayMs`, and once now. */
  start(): void {
    this.#timer = setInterval(() => void this.#passLogged(), this.#maxDelayMs);
    this.#timer.unref();
    void this.#passLogged();
  }

  /** Stops the timer and makes a last pass, so a clean shutdown leaves the archive complete. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#passLogged();
  }

  /** Runs a pass now, or joins the one running and then runs another (to cover what it missed). */
  async archiveNow(): Promise<ArchivePass> {
    while (this.#running !== undefined) await this.#running.catch(() => undefined);
    this.#running = this.#pass();
    try {
      return await this.#running;
    } finally {
      this.#running = undefined;
    }
  }

  async #pass(): Promise<ArchivePass> {
    // The archive is complete up to the moment the prefix is taken: every write acknowledged by
    // then was durable by then. That moment, not the end of the copy, is the pass's time.
    const atMs = Date.now();
    const { segments, tailSize } = this.#prefix();
    mkdirSync(this.dir, { recursive: true });
    const sealed = segments.slice(0, -1).filter((segment) => !this.#archived.has(basename(segment.path)));
    const copied = await archiveSegments(sealed, this.dir);
    for (const segment of sealed) this.#archived.add(basename(segment.path));
    const live = segments.at(-1);
    if (live !== undefined) this.#tail = await archiveTail(live, tailSize, this.dir, this.#tail);
    fsyncDirectory(this.dir);
    this.#lastSuccessMs = atMs;
    if (copied.length > 0)
      this.#logger.info({ segments: copied, dir: this.dir }, "Archived sealed WAL segments");
    return { sealed: copied, tail: this.#tail, atMs: this.#lastSuccessMs };
  }

  async #passLogged(): Promise<void> {
    try {
      await this.archiveNow();
    } catch (error) {
      this.#logger.error({ err: error, dir: this.dir }, "WAL archiving failed; retrying at the next pass");
    }
  }
}
