import { existsSync, readFileSync } from "node:fs";

/**
 * The env files the systemd units read. The command line reads them too, so that on a server's
 * host `stemedb backup` finds the server's directories and address as the server does.
 */
export const SYSTEM_ENV_FILES = ["/etc/stemedb/config.env", "/etc/default/stemedb"] as const;

/**
 * Sets, from each readable file in order, the variables not already set: what the environment
 * says explicitly wins, as with systemd's `Environment=` after `EnvironmentFile=`. Returns the
 * files read.
 */
export function loadEnvFiles(
  files: readonly string[] = SYSTEM_ENV_FILES,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const read: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue; // Not readable by this user (mode 0600, owned by root): as if absent.
    }
    read.push(file);
    for (const [key, value] of parseEnvFile(text)) env[key] ??= value;
  }
  return read;
}

/** `KEY=value` lines, as systemd reads them: `#` comments, an optional `export `, quotes stripped. */
export function parseEnvFile(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/^export\s+/, "");
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (match === null) continue;
    const [, key = "", value = ""] = match;
    const quoted = /^(["'])(.*)\1$/.exec(value);
    pairs.push([key, quoted?.[2] ?? value]);
  }
  return pairs;
}
