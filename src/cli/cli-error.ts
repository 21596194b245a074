import { StemeApiError } from "../client/api-error.ts";

/** One line for a failed command: the server's status, code and field, or the error's message. */
export function describeCliError(error: unknown): string {
  if (error instanceof StemeApiError) {
    const field = error.field !== undefined ? ` (${error.field})` : "";
    return `${error.status} ${error.code}${field}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
