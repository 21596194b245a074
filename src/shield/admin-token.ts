import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Logger } from "../logger.ts";

/** Where the admin token came from, for the start log. */
export interface AdminToken {
  readonly token: string;
  /** The file it was read from or created in; undefined when it came from the environment. */
  readonly file: string | undefined;
  readonly created: boolean;
}

/**
 * The token that guards `/v1/admin/*`: `STEMEDB_ADMIN_TOKEN` when set; else the one in the token
 * file, created on first start with 256 random bits and mode 0600 (readable by the server's user
 * only). The admin API never works without a token: there is no unauthenticated admin mode.
 */
export function resolveAdminToken(options: {
  readonly fromEnv: string | undefined;
  readonly file: string;
  readonly logger: Logger;
}): AdminToken {
  if (options.fromEnv !== undefined) return { token: options.fromEnv, file: undefined, created: false };
  const file = resolve(options.file);
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      options.logger.warn(
        { file, mode: mode.toString(8) },
        `Admin token file ${file} is readable by other users (mode ${mode.toString(8)}); chmod 600 it`,
      );
    }
    const token = readFileSync(file, "utf8").trim();
    if (token.length < 16) {
      throw new Error(
        `Admin token file ${file} holds no usable token (under 16 characters): delete it to get a new one`,
      );
    }
    return { token, file, created: false };
  }
  mkdirSync(dirname(file), { recursive: true });
  const token = randomBytes(32).toString("base64url");
  // `wx`: never overwrite a token another process created in the meantime.
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  options.logger.warn(
    { file },
    `Created an admin token in ${file} (mode 0600): send it as "Authorization: Bearer <token>" to /v1/admin/*`,
  );
  return { token, file, created: true };
}

/** Compares a presented token with the real one in constant time (digests, so lengths may differ). */
export function tokenMatches(presented: string, token: string): boolean {
  const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(presented), digest(token));
}
