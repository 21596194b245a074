import { z } from "zod";

/** `true`/`false` and the usual spellings (`1`, `yes`, `on`, …), as systemd and shells write them. */
export const bool = (name: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ["true", "false", "1", "0", "yes", "no", "on", "off"].includes(v), {
      message: `${name} must be true or false`,
    })
    .transform((v) => ["true", "1", "yes", "on"].includes(v));

/** A whole number from `min` to `max`. */
export const positiveInt = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message: `${name} must be a whole number` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `${name} must be from ${min} to ${max}` });

/** A decimal number from `min` to `max` (`0.4`, `1`, `.9`). */
export const decimal = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^(\d+\.?\d*|\.\d+)$/, { message: `${name} must be a number such as 0.5` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `${name} must be from ${min} to ${max}` });
