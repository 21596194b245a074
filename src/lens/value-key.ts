import type { Value } from "../model/assertion.ts";

/**
 * A string that is equal for two values exactly when they are the same distinct value: same type
 * and same value, numbers compared with `===`. `String` of a finite number round-trips, so two
 * numbers share a key only when they are `===` (`0` and `-0` both print `"0"`), and the type
 * prefix keeps `{type:"number",value:1}` apart from `{type:"text",value:"1"}`.
 */
export function valueKey(value: Value): string {
  return `${value.type}:${String(value.value)}`;
}

/** True when `a` and `b` are the same distinct value (see `valueKey`). */
export function sameValue(a: Value, b: Value): boolean {
  return a.type === b.type && a.value === b.value;
}
