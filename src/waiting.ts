/** Waiting, bounded: the small tools of code that talks to servers that may not answer. */

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * What `call` resolves with, or a rejection with `late()` after `ms` (the call itself is left to
 * finish).
 *
 * @example
 * ```ts
 * await withinMs(2_000, () => consumer.consume(), () => new UnavailableError("no leader yet"));
 * ```
 */
export async function withinMs<T>(
  ms: number,
  call: () => Promise<T>,
  late: () => Error = () => new Error(`no answer within ${ms} ms`),
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(late());
    }, ms);
  });
  try {
    return await Promise.race([call(), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** An error's message, or the thrown value as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
