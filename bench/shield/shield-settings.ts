import { randomBytes } from "node:crypto";
import { mulberry32 } from "../ingest/prng.ts";
import { claimBody } from "./claim-bodies.ts";

/** The two configurations compared: every protection off, or every one on. */
export type ShieldSetting = "off" | "on";

export const SETTINGS: readonly ShieldSetting[] = ["off", "on"];

/** The agent every benchmark write is attributed to: the API key's agent, or `X-Agent-Id`. */
export const BENCH_AGENT = "bench-shield-agent";

// Loopback only and new each run; set in both settings so that no admin-token file is written.
const ADMIN_TOKEN = randomBytes(24).toString("hex");

// Far above anything one machine sends, so that the limits are computed and charged on every
// request but never refuse one: ~10^12 quota tokens an hour, a million requests a second.
const NEVER_REFUSING = { rate: "1000000", quotaPerHour: "1000000000000" };

/**
 * The server's `STEMEDB_*` variables for a setting, over `withBenchServer`'s defaults.
 *
 * Off: authentication, rate limits, quotas, breakers, quarantine and proof of work disabled, as
 * far as configuration goes (the Shield's hooks still run and return early). On: an API key
 * required on every request, rate limits and quotas on (set high enough never to refuse),
 * breakers on, quarantine on with its default thresholds; proof of work stays off, since it is
 * asked once of each new agent, not of each request.
 */
export function settingEnv(setting: ShieldSetting): Record<string, string> {
  const common = { STEMEDB_ADMIN_TOKEN: ADMIN_TOKEN, STEMEDB_POW_ENABLED: "false" };
  if (setting === "off") {
    return {
      ...common,
      STEMEDB_AUTH_ENABLED: "false",
      STEMEDB_RATE_LIMIT_ENABLED: "false",
      STEMEDB_QUOTA_ENABLED: "false",
      STEMEDB_BREAKER_ENABLED: "false",
      STEMEDB_QUARANTINE_ENABLED: "false",
    };
  }
  return {
    ...common,
    STEMEDB_AUTH_ENABLED: "true",
    STEMEDB_RATE_LIMIT_ENABLED: "true",
    STEMEDB_RATE_LIMIT_WRITES: NEVER_REFUSING.rate,
    STEMEDB_RATE_LIMIT_READS: NEVER_REFUSING.rate,
    STEMEDB_QUOTA_ENABLED: "true",
    STEMEDB_QUOTA_PER_HOUR: NEVER_REFUSING.quotaPerHour,
    STEMEDB_BREAKER_ENABLED: "true",
    STEMEDB_QUARANTINE_ENABLED: "true",
  };
}

/**
 * The headers the load generator sends with every request to a server of this setting. On: a new
 * API key for `BENCH_AGENT`, made through `POST /v1/admin/api-keys` with the admin token. Off: the
 * same agent in `X-Agent-Id`, so both settings store the same claims by the same agent.
 */
export async function settingHeaders(setting: ShieldSetting, url: string): Promise<Record<string, string>> {
  if (setting === "off") return { "x-agent-id": BENCH_AGENT };
  const response = await fetch(new URL("/v1/admin/api-keys", url), {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ agent_id: BENCH_AGENT, name: "bench/shield" }),
  });
  const body = (await response.json()) as { key?: unknown };
  if (response.status !== 201 || typeof body.key !== "string") {
    throw new Error(
      `Cannot create an API key: POST /v1/admin/api-keys answered ${response.status} ${JSON.stringify(body)}`,
    );
  }
  return { authorization: `Bearer ${body.key}` };
}

// Claims no run sends (runs start at 0), so the sample is new content on every server.
const SAMPLE_FIRST = 1_000_000_000;
const SAMPLE_SIZE = 20;

/**
 * Sends a sample of the workload's claims one by one and checks that each is stored (201), not
 * held in quarantine (202) or refused: the workload must be ordinary claims, or the Shield-on
 * runs would measure the quarantine path instead. Returns how many claims it stored; throws naming
 * the first claim that was not stored.
 */
export async function checkSample(url: string, headers: Readonly<Record<string, string>>): Promise<number> {
  const prng = mulberry32(99);
  for (let i = SAMPLE_FIRST; i < SAMPLE_FIRST + SAMPLE_SIZE; i++) {
    const claim = claimBody(i, prng);
    const response = await fetch(new URL("/v1/assert", url), {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(claim),
    });
    const text = await response.text();
    if (response.status !== 201) {
      throw new Error(
        `Cannot benchmark with this workload: claim ${JSON.stringify(claim)} was answered ${response.status}, not 201: ${text.slice(0, 300)}`,
      );
    }
  }
  return SAMPLE_SIZE;
}
