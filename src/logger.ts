/**
 * The slice of a structured logger the core needs. pino's logger satisfies it, so the server
 * passes its own; library users and tests can pass `silentLogger` or a collecting stub.
 */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const ignore = (): void => undefined;

/** A logger that drops everything. */
export const silentLogger: Logger = { info: ignore, warn: ignore, error: ignore };
