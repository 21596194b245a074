import { Packr } from "msgpackr";
import {
  epochToJson,
  normalizeEpoch,
  normalizeRetraction,
  normalizeSource,
  normalizeVote,
  retractionToJson,
  sourceToJson,
  voteToJson,
  type Epoch,
  type Retraction,
  type SourceRecord,
  type Vote,
} from "../model/index.ts";
import { RecordType } from "./record-type.ts";

/** A record other than an assertion, tagged with its kind. */
export type SideRecord =
  | { readonly kind: "vote"; readonly record: Vote }
  | { readonly kind: "epoch"; readonly record: Epoch }
  | { readonly kind: "source"; readonly record: SourceRecord }
  | { readonly kind: "retraction"; readonly record: Retraction };

export type SideKind = SideRecord["kind"];

const packr = new Packr({ useRecords: false, mapsAsObjects: true });

/**
 * Votes, epochs, sources and retractions are few next to assertions, so their WAL payload and
 * stored form is simply msgpack of their API JSON, read back through the model's normaliser:
 * one format, checked by the same rules as at write time, and the hash is recomputed on read.
 */
export function encodeSideRecord(side: SideRecord): Buffer {
  switch (side.kind) {
    case "vote":
      return packr.pack(voteToJson(side.record));
    case "epoch":
      return packr.pack(epochToJson(side.record));
    case "source":
      return packr.pack(sourceToJson(side.record, { includeContent: true }));
    case "retraction":
      return packr.pack(retractionToJson(side.record));
  }
}

export function decodeSideRecord(kind: SideKind, raw: Uint8Array): SideRecord {
  const json = packr.unpack(raw) as Record<string, unknown>;
  const agentId = typeof json["agent_id"] === "string" ? json["agent_id"] : undefined;
  // Every stored record has its own timestamp, so "now" is never used as a default here.
  const options = { nowMs: 0, ...(agentId !== undefined ? { agentId } : {}) };
  switch (kind) {
    case "vote":
      return { kind, record: normalizeVote(json, options) };
    case "epoch":
      return { kind, record: normalizeEpoch(json, options) };
    case "source":
      return { kind, record: normalizeSource(json, options) };
    case "retraction":
      return { kind, record: normalizeRetraction(json, options) };
  }
}

export const SIDE_KINDS: Readonly<Record<SideKind, number>> = {
  vote: RecordType.vote,
  epoch: RecordType.epoch,
  source: RecordType.source,
  retraction: RecordType.retraction,
};

export function sideKindOf(type: number): SideKind | undefined {
  for (const [kind, value] of Object.entries(SIDE_KINDS)) if (value === type) return kind as SideKind;
  return undefined;
}
