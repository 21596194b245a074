import { Packr } from "msgpackr";
import type { ControlRecord, QuarantineHold } from "../model/control-record.ts";
import { decodeLogAssertion, encodeLogAssertion } from "./assertion-codec.ts";

const packr = new Packr({ useRecords: false, mapsAsObjects: true });

/** The WAL payload of a held write: why, when, and the assertion in its log form. */
export function encodeHold(hold: QuarantineHold): Buffer {
  return packr.pack({
    reason: hold.reason,
    detail: hold.detail,
    held_at_ms: hold.heldAtMs,
    assertion: encodeLogAssertion(hold.assertion).payload,
  });
}

/** A held write as the log carries it; `logPayload` is the assertion's own WAL form. */
export function decodeHold(raw: Uint8Array): QuarantineHold & { readonly logPayload: Buffer } {
  const json = packr.unpack(raw) as Record<string, unknown>;
  const { reason, detail, held_at_ms: heldAtMs, assertion } = json;
  if (typeof reason !== "string" || typeof detail !== "string" || typeof heldAtMs !== "number") {
    throw new TypeError("Cannot decode a quarantine record: reason, detail or held_at_ms is missing");
  }
  if (!(assertion instanceof Uint8Array)) {
    throw new TypeError("Cannot decode a quarantine record: the assertion is missing");
  }
  const logPayload = Buffer.from(assertion.buffer, assertion.byteOffset, assertion.byteLength);
  return { assertion: decodeLogAssertion(logPayload).assertion, logPayload, reason, detail, heldAtMs };
}

const CONTROL_KINDS = new Set(["quarantine_decision", "api_key", "api_key_revoked", "agent_policy"]);

/**
 * Control records are rare and small: their payload is msgpack of the record itself (absent
 * fields left out), checked for a known kind on the way back.
 */
export function encodeControl(record: ControlRecord): Buffer {
  const present = Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
  return packr.pack(present);
}

export function decodeControl(raw: Uint8Array): ControlRecord {
  const record = packr.unpack(raw) as { kind?: unknown };
  if (typeof record.kind !== "string" || !CONTROL_KINDS.has(record.kind)) {
    throw new TypeError(`Cannot decode a control record of kind ${JSON.stringify(record.kind)}`);
  }
  return record as ControlRecord;
}
