import { pino, type Logger as PinoLogger } from "pino";
import type { LogLevel } from "./config.ts";

/**
 * The server's logger: pino JSON lines on stdout (journald and log shippers read them as they
 * are). Its `info(fields, message)` shape is the core's `Logger` interface, so it is passed down
 * unchanged.
 */
export function createLogger(
  level: LogLevel,
  destination: NodeJS.WritableStream = process.stdout,
): PinoLogger {
  return pino(
    {
      level,
      base: { service: "stemedb" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
