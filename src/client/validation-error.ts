import { ValidationError as ModelValidationError } from "../errors.ts";

/**
 * Content that breaks a rule of the data model, found by a builder or a hash function before
 * anything is sent: the same class, `field` and `reason` the server uses when it answers 400.
 *
 * @example
 * ```ts
 * import { ValidationError, buildAssertion } from "stemedb/client";
 *
 * try {
 *   buildAssertion({ concept_path: "drugs/aspirin", predicate: "max_daily_dose_mg", value: 4000, confidence: 1.5 });
 * } catch (error) {
 *   if (error instanceof ValidationError) console.error(error.field, error.reason); // "confidence" "out_of_range"
 * }
 * ```
 */
export const ValidationError = ModelValidationError;
/**
 * The instance type of `ValidationError`.
 *
 * @example
 * ```ts
 * const describe = (error: ValidationError): string => `${error.field}: ${error.reason}`;
 * ```
 */
export type ValidationError = ModelValidationError;
