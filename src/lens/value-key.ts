import type { Value } from "../model/assertion.ts";

/**
 * True when `a` and `b` are the same distinct value: same type and same value, numbers compared
 * with `===` (`0` and `-0` are one value), `{type:"number",value:1}` apart from `{type:"text",value:"1"}`.
 */
export function sameValue(a: Value, b: Value): boolean {
  return a.type === b.type && a.value === b.value;
}
