import { ValidationError } from "../errors.ts";

/**
 * Builds the `ValidationError` for a broken model rule. Callers write `throw invalid(...)` so the
 * throw stays visible at the call site (and to TypeScript's control-flow analysis).
 *
 * Reasons used by the model: `required`, `wrong_type`, `out_of_range`, `empty`, `too_long`,
 * `too_large`, `too_many`, `control_character`, `bad_unicode`, `bad_path`, `bad_hex`, `bad_format`,
 * `unknown_value`, `unknown_field`, `duplicate_field`, `duplicate_signer`, `agent_mismatch`,
 * `hash_mismatch`.
 *
 * @example
 * ```ts
 * throw invalid("confidence", "out_of_range", "confidence must be a number from 0 to 1, got 1.5");
 * ```
 */
export function invalid(field: string, reason: string, message: string): ValidationError {
  return new ValidationError(field, reason, message);
}

const SHOWN_CHARS = 40;

/**
 * Describes an input for an error message (`got …`) without echoing an unbounded string back.
 *
 * @example
 * ```ts
 * describeInput(1.5); // "1.5"
 * describeInput([1]); // "an array"
 * ```
 */
export function describeInput(input: unknown): string {
  switch (typeof input) {
    case "string":
      return input.length > SHOWN_CHARS
        ? `${JSON.stringify(input.slice(0, SHOWN_CHARS))}… (${input.length} characters)`
        : JSON.stringify(input);
    case "number":
    case "boolean":
      return String(input);
    case "undefined":
      return "nothing";
    case "object":
      if (input === null) return "null";
      return Array.isArray(input) ? "an array" : "an object";
    default:
      return `a ${typeof input}`;
  }
}

/** The JSON path of `key` inside `parent` (`""` is the root). */
export function fieldPath(parent: string, key: string): string {
  return parent === "" ? key : `${parent}.${key}`;
}

/** A JSON object as parsed: any non-null, non-array object. Read it with `ownValue` only. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** True for a non-null, non-array object. */
export function isJsonObject(input: unknown): input is JsonObject {
  return typeof input === "object" && input !== null && !Array.isArray(input);
}

/**
 * Reads an own property, treating `null` like absence (clients in languages without optional
 * fields send `null` for "not set"). Never follows the prototype chain, so a `__proto__` or
 * `constructor` key in the input is only ever an ordinary (unknown) field.
 */
export function ownValue(object: JsonObject, key: string): unknown {
  if (!Object.hasOwn(object, key)) return undefined;
  const value = object[key];
  return value === null ? undefined : value;
}
