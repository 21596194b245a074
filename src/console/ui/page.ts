import type { ConsoleSession } from "./session.ts";

/** What a page is given when it is shown. */
export interface PageContext {
  readonly session: ConsoleSession;
  /** Aborted when the user leaves the page: its calls stop, its timers and streams end. */
  readonly signal: AbortSignal;
  /** Where the page renders. */
  readonly main: HTMLElement;
  /** Shows the current page again from scratch (after the credentials changed). */
  readonly refresh: () => void;
}

/**
 * A page of the console: renders into `context.main`, and stops whatever it started when
 * `context.signal` is aborted.
 *
 * @example
 * ```ts
 * const hello: Page = ({ main }) => show(main, pageTitle("Hello"));
 * ```
 */
export type Page = (context: PageContext) => void;

/**
 * Calls `work` now and then every `intervalMs` until `signal` is aborted, never two at once.
 *
 * @example
 * ```ts
 * every(5_000, signal, () => refreshHealth());
 * ```
 */
export function every(intervalMs: number, signal: AbortSignal, work: () => Promise<void>): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = async (): Promise<void> => {
    await work();
    if (!signal.aborted) timer = setTimeout(() => void run(), intervalMs);
  };
  signal.addEventListener(
    "abort",
    () => {
      clearTimeout(timer);
    },
    { once: true },
  );
  void run();
}
