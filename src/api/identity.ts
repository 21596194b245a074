import type { FastifyRequest } from "fastify";
import { ValidationError } from "../errors.ts";

const AGENT_HEADER = /^[\x21-\x7e]{1,128}$/;

/**
 * The identity unsigned writes are attributed to: the `X-Agent-Id` header, else undefined (the
 * model then says "anonymous"). A signed write is attributed to its first signer instead.
 */
export function callerAgentId(request: FastifyRequest): string | undefined {
  const header = request.headers["x-agent-id"];
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !AGENT_HEADER.test(value)) {
    throw new ValidationError(
      "X-Agent-Id",
      "bad_format",
      "X-Agent-Id must be 1 to 128 printable ASCII characters without spaces (an agent's 64-hex key, or a name)",
    );
  }
  return value.toLowerCase() === value || !/^[0-9A-Fa-f]{64}$/.test(value) ? value : value.toLowerCase();
}
