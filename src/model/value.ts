import type { Value } from "./assertion.ts";
import { parseConceptPath } from "./concept-path.ts";
import { describeInput, fieldPath, invalid, isJsonObject, type JsonObject } from "./invalid.ts";
import { parseString } from "./string-field.ts";

/** Longest text value, in UTF-8 bytes. */
export const TEXT_MAX_BYTES = 16 * 1024;

/** The value types, as printed in the tagged form. */
export type ValueType = Value["type"];

const TYPE_BY_KEY = new Map<string, ValueType>([
  ["text", "text"],
  ["number", "number"],
  ["boolean", "boolean"],
  ["reference", "reference"],
]);

const FORMS = 'a JSON string, number or boolean, {"type": "number", "value": 1.15} or {"Number": 1.15}';

/**
 * Parses a claimed value from any of its three input forms (`spec/model.md` §Value):
 * - tagged, type in any case: `{"type": "Number", "value": 96.7}`;
 * - externally tagged, as the original API's serde output: `{"Number": 1.15}`, `{"Text": "x"}`;
 * - a bare JSON scalar typed by its JSON type: `true`, `1.15`, `"RS256"` (a string is text).
 *
 * Numbers must be finite (`-0` becomes `0`, as JCS would print it), text at most 16 KiB of UTF-8,
 * and a reference a valid concept path.
 *
 * @example
 * ```ts
 * parseValue({ Number: 1.15 }, "value"); // { type: "number", value: 1.15 }
 * parseValue("RS256", "value"); // { type: "text", value: "RS256" }
 * ```
 */
export function parseValue(input: unknown, field: string): Value {
  switch (typeof input) {
    case "string":
      return { type: "text", value: parseText(input, field) };
    case "number":
      return { type: "number", value: parseNumber(input, field) };
    case "boolean":
      return { type: "boolean", value: input };
    default:
      if (isJsonObject(input)) return parseObjectForm(input, field);
      throw invalid(field, "wrong_type", `${field} must be ${FORMS}, got ${describeInput(input)}`);
  }
}

function parseObjectForm(input: JsonObject, field: string): Value {
  const keys = Object.keys(input);
  if (Object.hasOwn(input, "type")) {
    const extra = keys.find((key) => key !== "type" && key !== "value");
    if (extra !== undefined) {
      throw invalid(
        fieldPath(field, extra),
        "unknown_field",
        `${field} in the tagged form takes only "type" and "value", got "${extra}": remove it`,
      );
    }
    const typeField = fieldPath(field, "type");
    const tag = input["type"];
    if (typeof tag !== "string") {
      throw invalid(
        typeField,
        "wrong_type",
        `${typeField} must be text, number, boolean or reference, got ${describeInput(tag)}`,
      );
    }
    const type = TYPE_BY_KEY.get(tag.toLowerCase());
    if (type === undefined) {
      throw invalid(
        typeField,
        "unknown_value",
        `${typeField} must be text, number, boolean or reference, got ${describeInput(tag)}`,
      );
    }
    const value = Object.hasOwn(input, "value") ? input["value"] : undefined;
    return typed(type, value, fieldPath(field, "value"));
  }
  const key = keys[0];
  const type = keys.length === 1 && key !== undefined ? TYPE_BY_KEY.get(key.toLowerCase()) : undefined;
  if (key === undefined || type === undefined) {
    throw invalid(
      field,
      "wrong_type",
      `${field} must be ${FORMS}, got an object with keys ${JSON.stringify(keys.slice(0, 5))}`,
    );
  }
  return typed(type, input[key], fieldPath(field, key));
}

function typed(type: ValueType, input: unknown, field: string): Value {
  switch (type) {
    case "text":
      if (typeof input === "string") return { type, value: parseText(input, field) };
      break;
    case "number":
      if (typeof input === "number") return { type, value: parseNumber(input, field) };
      break;
    case "boolean":
      if (typeof input === "boolean") return { type, value: input };
      break;
    case "reference":
      return { type, value: parseConceptPath(input, field) };
  }
  throw invalid(
    field,
    "wrong_type",
    `${field} must be a JSON ${type === "text" ? "string" : type} for a ${type} value, got ${describeInput(input)}`,
  );
}

function parseText(input: string, field: string): string {
  // Free text is kept exactly as sent (no NFC): it is data, not a name.
  return parseString(input, field, {
    expected: "a string",
    maxBytes: TEXT_MAX_BYTES,
    allowEmpty: true,
    allowControl: true,
  });
}

function parseNumber(input: number, field: string): number {
  if (!Number.isFinite(input)) {
    throw invalid(field, "out_of_range", `${field} must be a finite number, got ${describeInput(input)}`);
  }
  // RFC 8785 §3.2.2.3 prints -0 as 0; storing 0 keeps the stored value equal to the hashed one.
  return input === 0 ? 0 : input;
}
