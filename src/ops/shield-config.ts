import { z } from "zod";
import { parseTier, type Tier } from "../model/index.ts";
import type { BreakerOptions } from "../shield/circuit-breaker.ts";
import type { ContentDefenseOptions } from "../shield/content-defense.ts";
import type { QuotaCosts } from "../shield/quota-meter.ts";
import { bool, decimal, positiveInt } from "./env-parsers.ts";

/** Requests per second and burst of one endpoint, per client. */
export interface RateLimitSetting {
  readonly perSecond: number;
  readonly burst: number;
}

/** Every threshold of the Shield (`docs/security.md` explains each). */
export interface ShieldConfig {
  readonly authEnabled: boolean;
  /** The admin token, when set in the environment; else one is generated into `adminTokenFile`. */
  readonly adminToken: string | undefined;
  readonly adminTokenFile: string | undefined;
  readonly rateLimit: {
    readonly enabled: boolean;
    readonly writes: RateLimitSetting;
    readonly reads: RateLimitSetting;
    readonly admin: RateLimitSetting;
    /** Per-route overrides, by route path (`/v1/assert`). */
    readonly routes: ReadonlyMap<string, RateLimitSetting>;
  };
  readonly quota: {
    readonly enabled: boolean;
    readonly perHour: number;
    readonly costs: QuotaCosts;
  };
  readonly breaker: { readonly enabled: boolean } & Required<Omit<BreakerOptions, "maxAgents">>;
  readonly quarantine: { readonly enabled: boolean } & Omit<ContentDefenseOptions, "maxRemembered">;
  readonly proofOfWork: {
    readonly enabled: boolean;
    readonly difficulty: number;
    /** Agents with this many visible assertions no longer need to solve one. */
    readonly exemptAfter: number;
    readonly exemptTrust: number;
  };
  /** The most authoritative tier an agent without its own cap may claim (none: any tier). */
  readonly defaultTierCap: Tier | undefined;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

const rate = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^[1-9]\d*(:[1-9]\d*)?$/, {
      message: `${name} must be requests per second, optionally :burst (e.g. 2000:4000)`,
    })
    .transform(parseRate);

function parseRate(text: string): RateLimitSetting {
  const [perSecond, burst] = text.split(":").map(Number);
  return { perSecond: perSecond ?? 0, burst: burst ?? Math.max(1, 2 * (perSecond ?? 0)) };
}

export const shieldSchema = {
  STEMEDB_AUTH_ENABLED: bool("STEMEDB_AUTH_ENABLED").default(false),
  STEMEDB_ADMIN_TOKEN: z
    .string()
    .trim()
    .min(16, "STEMEDB_ADMIN_TOKEN must be at least 16 characters")
    .optional(),
  STEMEDB_ADMIN_TOKEN_FILE: z.string().trim().min(1).optional(),
  STEMEDB_RATE_LIMIT_ENABLED: bool("STEMEDB_RATE_LIMIT_ENABLED").default(true),
  STEMEDB_RATE_LIMIT_WRITES: rate("STEMEDB_RATE_LIMIT_WRITES").default(parseRate("2000")),
  STEMEDB_RATE_LIMIT_READS: rate("STEMEDB_RATE_LIMIT_READS").default(parseRate("5000")),
  STEMEDB_RATE_LIMIT_ADMIN: rate("STEMEDB_RATE_LIMIT_ADMIN").default(parseRate("50")),
  STEMEDB_RATE_LIMITS: z.string().trim().optional(),
  STEMEDB_QUOTA_ENABLED: bool("STEMEDB_QUOTA_ENABLED").default(true),
  STEMEDB_QUOTA_PER_HOUR: positiveInt("STEMEDB_QUOTA_PER_HOUR", 1, 2 ** 50).default(1_000_000),
  STEMEDB_QUOTA_COST_ASSERT: positiveInt("STEMEDB_QUOTA_COST_ASSERT", 0, 1_000_000).default(10),
  STEMEDB_QUOTA_COST_VOTE: positiveInt("STEMEDB_QUOTA_COST_VOTE", 0, 1_000_000).default(1),
  STEMEDB_QUOTA_COST_QUERY: positiveInt("STEMEDB_QUOTA_COST_QUERY", 0, 1_000_000).default(5),
  STEMEDB_QUOTA_COST_LENS: positiveInt("STEMEDB_QUOTA_COST_LENS", 0, 1_000_000).default(1),
  STEMEDB_QUOTA_COST_RECORD: positiveInt("STEMEDB_QUOTA_COST_RECORD", 0, 1_000_000).default(2),
  STEMEDB_QUOTA_COST_PER_KB: positiveInt("STEMEDB_QUOTA_COST_PER_KB", 0, 1_000_000).default(1),
  STEMEDB_BREAKER_ENABLED: bool("STEMEDB_BREAKER_ENABLED").default(true),
  STEMEDB_BREAKER_FAILURES: positiveInt("STEMEDB_BREAKER_FAILURES", 1, 1_000_000).default(5),
  STEMEDB_BREAKER_WINDOW_SECONDS: positiveInt("STEMEDB_BREAKER_WINDOW_SECONDS", 1, 86_400).default(60),
  STEMEDB_BREAKER_COOLDOWN_SECONDS: positiveInt("STEMEDB_BREAKER_COOLDOWN_SECONDS", 1, 86_400).default(30),
  STEMEDB_QUARANTINE_ENABLED: bool("STEMEDB_QUARANTINE_ENABLED").default(true),
  STEMEDB_QUARANTINE_QUALITY_THRESHOLD: decimal("STEMEDB_QUARANTINE_QUALITY_THRESHOLD", 0, 1).default(0.4),
  STEMEDB_QUARANTINE_DUPLICATE_THRESHOLD: decimal("STEMEDB_QUARANTINE_DUPLICATE_THRESHOLD", 0.01, 1).default(
    0.9,
  ),
  STEMEDB_QUARANTINE_DUPLICATE_WINDOW_SECONDS: positiveInt(
    "STEMEDB_QUARANTINE_DUPLICATE_WINDOW_SECONDS",
    0,
    86_400,
  ).default(600),
  STEMEDB_QUARANTINE_UNTRUSTED_BELOW: decimal("STEMEDB_QUARANTINE_UNTRUSTED_BELOW", 0, 1).default(0.4),
  STEMEDB_QUARANTINE_CONFIDENCE_ABOVE: decimal("STEMEDB_QUARANTINE_CONFIDENCE_ABOVE", 0, 1).default(0.8),
  STEMEDB_QUARANTINE_EXEMPT_TRUST: decimal("STEMEDB_QUARANTINE_EXEMPT_TRUST", 0, 1).default(0.7),
  STEMEDB_QUARANTINE_PATTERNS: z.string().trim().optional(),
  STEMEDB_POW_ENABLED: bool("STEMEDB_POW_ENABLED").default(false),
  STEMEDB_POW_DIFFICULTY: positiveInt("STEMEDB_POW_DIFFICULTY", 1, 40).default(16),
  STEMEDB_POW_EXEMPT_AFTER: positiveInt("STEMEDB_POW_EXEMPT_AFTER", 0, 1_000_000).default(10),
  STEMEDB_POW_EXEMPT_TRUST: decimal("STEMEDB_POW_EXEMPT_TRUST", 0, 1).default(0.6),
  STEMEDB_DEFAULT_TIER_CAP: z.string().trim().optional(),
  STEMEDB_HEADERS_TIMEOUT_SECONDS: positiveInt("STEMEDB_HEADERS_TIMEOUT_SECONDS", 1, 3600).default(10),
  STEMEDB_REQUEST_TIMEOUT_SECONDS: positiveInt("STEMEDB_REQUEST_TIMEOUT_SECONDS", 1, 3600).default(60),
};

type ShieldInput = z.output<z.ZodObject<typeof shieldSchema>>;

/** The Shield's part of the configuration; problems are added to `problems`, as in `loadConfig`. */
export function toShieldConfig(v: ShieldInput, problems: string[]): ShieldConfig {
  return {
    authEnabled: v.STEMEDB_AUTH_ENABLED,
    adminToken: v.STEMEDB_ADMIN_TOKEN,
    adminTokenFile: v.STEMEDB_ADMIN_TOKEN_FILE,
    rateLimit: {
      enabled: v.STEMEDB_RATE_LIMIT_ENABLED,
      writes: v.STEMEDB_RATE_LIMIT_WRITES,
      reads: v.STEMEDB_RATE_LIMIT_READS,
      admin: v.STEMEDB_RATE_LIMIT_ADMIN,
      routes: parseRouteLimits(v.STEMEDB_RATE_LIMITS, problems),
    },
    quota: {
      enabled: v.STEMEDB_QUOTA_ENABLED,
      perHour: v.STEMEDB_QUOTA_PER_HOUR,
      costs: {
        assert: v.STEMEDB_QUOTA_COST_ASSERT,
        vote: v.STEMEDB_QUOTA_COST_VOTE,
        query: v.STEMEDB_QUOTA_COST_QUERY,
        lens: v.STEMEDB_QUOTA_COST_LENS,
        record: v.STEMEDB_QUOTA_COST_RECORD,
        perKilobyte: v.STEMEDB_QUOTA_COST_PER_KB,
      },
    },
    breaker: {
      enabled: v.STEMEDB_BREAKER_ENABLED,
      failureThreshold: v.STEMEDB_BREAKER_FAILURES,
      windowMs: v.STEMEDB_BREAKER_WINDOW_SECONDS * 1000,
      cooldownMs: v.STEMEDB_BREAKER_COOLDOWN_SECONDS * 1000,
    },
    quarantine: {
      enabled: v.STEMEDB_QUARANTINE_ENABLED,
      qualityThreshold: v.STEMEDB_QUARANTINE_QUALITY_THRESHOLD,
      duplicateThreshold: v.STEMEDB_QUARANTINE_DUPLICATE_THRESHOLD,
      duplicateWindowMs: v.STEMEDB_QUARANTINE_DUPLICATE_WINDOW_SECONDS * 1000,
      untrustedTrustBelow: v.STEMEDB_QUARANTINE_UNTRUSTED_BELOW,
      untrustedConfidenceAbove: v.STEMEDB_QUARANTINE_CONFIDENCE_ABOVE,
      exemptTrustAtLeast: v.STEMEDB_QUARANTINE_EXEMPT_TRUST,
      patterns: parsePatterns(v.STEMEDB_QUARANTINE_PATTERNS, problems),
    },
    proofOfWork: {
      enabled: v.STEMEDB_POW_ENABLED,
      difficulty: v.STEMEDB_POW_DIFFICULTY,
      exemptAfter: v.STEMEDB_POW_EXEMPT_AFTER,
      exemptTrust: v.STEMEDB_POW_EXEMPT_TRUST,
    },
    defaultTierCap: parseTierCap(v.STEMEDB_DEFAULT_TIER_CAP, problems),
    headersTimeoutMs: v.STEMEDB_HEADERS_TIMEOUT_SECONDS * 1000,
    requestTimeoutMs: Math.max(v.STEMEDB_REQUEST_TIMEOUT_SECONDS, v.STEMEDB_HEADERS_TIMEOUT_SECONDS) * 1000,
  };
}

/** `/v1/assert=500:1000,/v1/query=2000`: per-route limits over the class defaults. */
function parseRouteLimits(
  text: string | undefined,
  problems: string[],
): ReadonlyMap<string, RateLimitSetting> {
  const routes = new Map<string, RateLimitSetting>();
  if (text === undefined) return routes;
  for (const item of text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")) {
    const match = /^(\/\S+)=([1-9]\d*(?::[1-9]\d*)?)$/.exec(item);
    if (match?.[1] === undefined || match[2] === undefined) {
      problems.push(
        `STEMEDB_RATE_LIMITS must be route=perSecond[:burst] items separated by commas, e.g. /v1/assert=500:1000 (got ${JSON.stringify(item)})`,
      );
      continue;
    }
    routes.set(match[1], parseRate(match[2]));
  }
  return routes;
}

/** A JSON array of regular expressions, matched case-insensitively against a claim's text. */
function parsePatterns(text: string | undefined, problems: string[]): RegExp[] {
  if (text === undefined) return [];
  const fail = (why: string): RegExp[] => {
    problems.push(`STEMEDB_QUARANTINE_PATTERNS must be a JSON array of regular expressions: ${why}`);
    return [];
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail(`${JSON.stringify(text)} is not JSON (e.g. ["casino", "buy now"])`);
  }
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === "string")) return fail("expected strings");
  const patterns: RegExp[] = [];
  for (const source of parsed) {
    try {
      patterns.push(new RegExp(source, "iu"));
    } catch (error) {
      fail(`${JSON.stringify(source)}: ${(error as Error).message}`);
    }
  }
  return patterns;
}

function parseTierCap(text: string | undefined, problems: string[]): Tier | undefined {
  if (text === undefined) return undefined;
  try {
    return parseTier(text, "STEMEDB_DEFAULT_TIER_CAP");
  } catch {
    problems.push(
      `STEMEDB_DEFAULT_TIER_CAP must be a tier name or number, e.g. community or 4 (got ${JSON.stringify(text)})`,
    );
    return undefined;
  }
}
