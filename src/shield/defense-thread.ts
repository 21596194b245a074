import { Worker } from "node:worker_threads";
import type { ContentDefenseOptions, ScreenedClaim, Verdict } from "./content-defense.ts";
import type { DefenseRequest, DefenseWorkerData, ScreenPart, Settlement } from "./defense-worker.ts";
import { decodeVerdicts, encodeClaims, type VerdictBatch } from "./screening-wire.ts";

const ENTRY = new URL("./defense-worker-entry.mjs", import.meta.url);

interface Waiting {
  readonly count: number;
  readonly resolve: (verdicts: Verdict[]) => void;
  readonly reject: (error: Error) => void;
}

/** A request screened but not yet sent: requests of one event-loop turn travel together. */
interface Queued {
  readonly part: ScreenPart;
  readonly claims: readonly ScreenedClaim[];
  readonly trusts: readonly number[];
}

/**
 * The content defense on its own thread (`defense-worker.ts`): `screen` hands a batch over and
 * resolves with its verdicts; `remember` or `forget` settles the batch once the write is stored
 * or abandoned. If the thread dies, every waiting and later call rejects with `failure` set, and
 * the caller screens in process instead.
 */
export class DefenseThread {
  readonly #worker: Worker;
  readonly #ready: Promise<void>;
  readonly #waiting = new Map<number, Waiting>();
  #nextId = 1;
  #failure: Error | undefined;
  #closed = false;
  #holders = 0;
  #queue: Queued[] = [];
  #settlements: Settlement[] = [];

  constructor(options: ContentDefenseOptions, onFailure: (error: Error) => void = () => undefined) {
    const { patterns, ...rest } = options;
    const workerData: DefenseWorkerData = {
      options: rest,
      patterns: patterns.map((p) => ({ source: p.source, flags: p.flags })),
    };
    this.#worker = new Worker(ENTRY, { workerData });
    this.#ready = new Promise((resolve, reject) => {
      this.#worker.on("message", (message: { ready: true } | { ids: number[]; verdicts: VerdictBatch }) => {
        if ("ready" in message) {
          resolve();
          return;
        }
        const verdicts = decodeVerdicts(message.verdicts);
        let at = 0;
        for (const id of message.ids) {
          const waiting = this.#waiting.get(id);
          this.#waiting.delete(id);
          const count = waiting?.count ?? 0;
          waiting?.resolve(verdicts.slice(at, at + count));
          at += count;
        }
      });
      const fail = (error: Error): void => {
        if (this.#closed || this.#failure !== undefined) return;
        this.#failure = error;
        reject(error);
        for (const waiting of this.#waiting.values()) waiting.reject(error);
        this.#waiting.clear();
        onFailure(error);
      };
      this.#worker.on("error", fail);
      this.#worker.on("exit", (code) => {
        fail(new Error(`The content defense's thread exited with code ${code}`));
      });
    });
    // A failure before anyone screens is reported through onFailure; nobody awaits this yet.
    this.#ready.catch(() => undefined);
    // The server's lifetime decides the thread's: idle, it never keeps the process alive (after
    // the listeners, because attaching one refs the worker again). A caller waiting for it does.
    this.#worker.unref();
  }

  /** Set once the thread has died: screen in process instead. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Resolves when the thread can take batches. */
  async ready(): Promise<void> {
    this.#hold(1);
    try {
      await this.#ready;
    } finally {
      this.#hold(-1);
    }
  }

  /** Screens a batch on the thread; `id` names it to `remember` or `forget`. */
  async screen(
    claims: readonly ScreenedClaim[],
    trusts: readonly number[],
    nowMs: number,
  ): Promise<{ id: number; verdicts: Verdict[] }> {
    await this.ready();
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#closed) throw new Error("The content defense's thread is closed");
    const id = this.#nextId++;
    const verdicts = new Promise<Verdict[]>((resolve, reject) =>
      this.#waiting.set(id, { count: claims.length, resolve, reject }),
    );
    this.#scheduleFlush();
    this.#queue.push({ part: { id, nowMs, count: claims.length }, claims, trusts });
    this.#hold(1);
    try {
      return { id, verdicts: await verdicts };
    } finally {
      this.#hold(-1);
    }
  }

  /** The batch was stored: its claims count for later near-duplicates. */
  remember(id: number, nowMs: number): void {
    this.#settle({ id, nowMs });
  }

  /** The batch was not stored. */
  forget(id: number): void {
    this.#settle({ id });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const closed = new Error("The content defense's thread was closed");
    for (const waiting of this.#waiting.values()) waiting.reject(closed);
    this.#waiting.clear();
    await this.#worker.terminate();
  }

  #settle(settlement: Settlement): void {
    this.#scheduleFlush();
    this.#settlements.push(settlement);
  }

  /**
   * Screens and settlements are sent after this turn of the event loop, with every other one
   * asked in it: one message and one wake-up of the thread for all of them. Under many concurrent
   * single writes that is about one message each way per turn instead of three per write.
   */
  #scheduleFlush(): void {
    if (this.#queue.length > 0 || this.#settlements.length > 0) return;
    setImmediate(() => {
      this.#flush();
    });
  }

  #flush(): void {
    const queued = this.#queue;
    const settlements = this.#settlements;
    this.#queue = [];
    this.#settlements = [];
    if (this.#failure !== undefined || this.#closed) return;
    if (queued.length === 0) {
      const request: DefenseRequest = { settlements, parts: [] };
      this.#worker.postMessage(request);
      return;
    }
    const batch = encodeClaims(
      queued.flatMap((q) => q.claims),
      queued.flatMap((q) => q.trusts),
    );
    const request: DefenseRequest = { settlements, parts: queued.map((q) => q.part), batch };
    this.#worker.postMessage(request, [batch.lengths.buffer, batch.flags.buffer, batch.numbers.buffer]);
  }

  /** Keeps the process alive while anyone waits for the thread. */
  #hold(change: 1 | -1): void {
    this.#holders += change;
    if (this.#holders === 1 && change === 1) this.#worker.ref();
    else if (this.#holders === 0) this.#worker.unref();
  }
}
