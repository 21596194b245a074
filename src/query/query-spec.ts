import { ValidationError } from "../errors.ts";
import { LENS_NAMES, type LensName } from "../lens/index.ts";
import {
  isLowerHex,
  parseConceptPath,
  parseLifecycle,
  parsePredicate,
  parseTier,
  parseTimestamp,
  type Lifecycle,
  type Tier,
} from "../model/index.ts";

/** Which pairs a query reads. */
export type PathSelector =
  | { readonly kind: "exact"; readonly conceptPath: string }
  | { readonly kind: "subtree"; readonly prefix: string }
  | { readonly kind: "all" };

/** A validated query (`spec/api.md` §Reads). */
export interface QuerySpec {
  readonly path: PathSelector;
  readonly predicate?: string;
  readonly lens: LensName;
  readonly limit: number;
  /** Time travel: only what was asserted at or before this instant, decayed as of then. */
  readonly asOfMs?: number;
  /** Only assertions made at or after this instant. */
  readonly sinceMs?: number;
  readonly lifecycles?: readonly Lifecycle[];
  readonly epochAware: boolean;
  /** Compared with the effective (decayed) confidence. */
  readonly minConfidence?: number;
  readonly tiers?: readonly Tier[];
  readonly agentId?: string;
  readonly includeRetracted: boolean;
  readonly decay: boolean;
}

export const DEFAULT_QUERY_LIMIT = 100;
export const MAX_QUERY_LIMIT = 10_000;

const PARAMETERS = new Set([
  "concept_path",
  "subject",
  "predicate",
  "lens",
  "limit",
  "as_of",
  "since",
  "lifecycle",
  "epoch_aware",
  "min_confidence",
  "authority_tier",
  "agent_id",
  "include_retracted",
  "decay",
]);

/**
 * Validates query parameters from a JSON body or a query string (where every value is a string:
 * `limit=5`, `decay=false`, `as_of=1706745600`). Throws `ValidationError` naming the parameter.
 */
export function parseQuerySpec(input: unknown, from: "body" | "query"): QuerySpec {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new ValidationError("", "wrong_type", "The query must be a JSON object of parameters");
  }
  const params = input as Record<string, unknown>;
  for (const key of Object.keys(params)) {
    if (!PARAMETERS.has(key)) {
      throw new ValidationError(
        key,
        "unknown_field",
        `${key} is not a query parameter: use ${[...PARAMETERS].join(", ")}`,
      );
    }
  }
  const text = from === "query";
  const lensInput = param(params, "lens") ?? "recency";
  if (typeof lensInput !== "string" || !(LENS_NAMES as readonly string[]).includes(lensInput.toLowerCase())) {
    throw new ValidationError("lens", "unknown_value", `lens must be one of ${LENS_NAMES.join(", ")}`);
  }
  const spec: { -readonly [K in keyof QuerySpec]: QuerySpec[K] } = {
    path: parsePath(param(params, "concept_path") ?? param(params, "subject")),
    lens: lensInput.toLowerCase() as LensName,
    limit: parseLimit(param(params, "limit"), text),
    epochAware: parseBool(param(params, "epoch_aware"), "epoch_aware", false),
    includeRetracted: parseBool(param(params, "include_retracted"), "include_retracted", false),
    decay: parseBool(param(params, "decay"), "decay", true),
  };
  const predicate = param(params, "predicate");
  if (predicate !== undefined) spec.predicate = parsePredicate(predicate, "predicate");
  const asOf = param(params, "as_of");
  if (asOf !== undefined) spec.asOfMs = parseTimestamp(numeric(asOf, text), "as_of");
  const since = param(params, "since");
  if (since !== undefined) spec.sinceMs = parseTimestamp(numeric(since, text), "since");
  const lifecycle = param(params, "lifecycle");
  if (lifecycle !== undefined)
    spec.lifecycles = list(lifecycle, "lifecycle").map((v, i) => parseLifecycle(v, `lifecycle[${i}]`));
  const minConfidence = param(params, "min_confidence");
  if (minConfidence !== undefined)
    spec.minConfidence = parseUnit(numeric(minConfidence, text), "min_confidence");
  const tier = param(params, "authority_tier");
  if (tier !== undefined)
    spec.tiers = list(tier, "authority_tier").map((v) => parseTier(v, "authority_tier"));
  const agent = param(params, "agent_id");
  if (agent !== undefined) {
    if (typeof agent !== "string" || agent.length === 0 || agent.length > 128) {
      throw new ValidationError("agent_id", "wrong_type", "agent_id must be an agent's 64-hex key or name");
    }
    spec.agentId = isLowerHex(agent.toLowerCase(), 32) ? agent.toLowerCase() : agent;
  }
  return spec;
}

/** A parameter's value; null is the same as absent. */
function param(params: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(params, key) && params[key] !== null ? params[key] : undefined;
}

function parsePath(input: unknown): PathSelector {
  if (input === undefined || input === "*") return { kind: "all" };
  if (typeof input !== "string") {
    throw new ValidationError(
      "concept_path",
      "wrong_type",
      "concept_path must be a path, prefix/* for a subtree, or *",
    );
  }
  if (input.endsWith("/*"))
    return { kind: "subtree", prefix: parseConceptPath(input.slice(0, -2), "concept_path") };
  return { kind: "exact", conceptPath: parseConceptPath(input, "concept_path") };
}

function parseLimit(input: unknown, text: boolean): number {
  if (input === undefined) return DEFAULT_QUERY_LIMIT;
  const n = numeric(input, text);
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > MAX_QUERY_LIMIT) {
    throw new ValidationError(
      "limit",
      "out_of_range",
      `limit must be a whole number from 1 to ${MAX_QUERY_LIMIT}`,
    );
  }
  return n;
}

function parseUnit(input: unknown, field: string): number {
  if (typeof input !== "number" || !Number.isFinite(input) || input < 0 || input > 1) {
    throw new ValidationError(field, "out_of_range", `${field} must be a number from 0 to 1`);
  }
  return input;
}

function parseBool(input: unknown, field: string, fallback: boolean): boolean {
  if (input === undefined) return fallback;
  if (typeof input === "boolean") return input;
  if (input === "true" || input === "1") return true;
  if (input === "false" || input === "0") return false;
  throw new ValidationError(field, "wrong_type", `${field} must be true or false`);
}

/** In a query string a number arrives as text; in a body it must already be a number. */
function numeric(input: unknown, text: boolean): unknown {
  if (text && typeof input === "string" && /^-?\d+(\.\d+)?$/.test(input.trim())) return Number(input);
  return input;
}

/** One value, an array, or (from a query string) a comma-separated list. */
function list(input: unknown, field: string): unknown[] {
  const values: unknown[] = Array.isArray(input)
    ? (input as unknown[])
    : typeof input === "string"
      ? input.split(",")
      : [input];
  if (values.length === 0 || values.length > 16) {
    throw new ValidationError(field, "out_of_range", `${field} takes 1 to 16 values`);
  }
  return values.map((v: unknown) => (typeof v === "string" ? v.trim() : v));
}
