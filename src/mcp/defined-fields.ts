/** `T` with every member that may be `undefined` turned into an optional member that may not. */
export type DefinedFields<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/**
 * The members whose value is not `undefined`. Tool arguments arrive with absent options as
 * `undefined`; the SDK's optional fields (under `exactOptionalPropertyTypes`) must be left out
 * instead, and the server must not see `"as_of": undefined` turned into a parameter.
 *
 * @example
 * ```ts
 * definedFields({ lens: "authority", as_of: undefined }); // { lens: "authority" }
 * ```
 */
export function definedFields<T extends object>(fields: T): DefinedFields<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as DefinedFields<T>;
}
