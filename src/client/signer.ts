import { bytesToHex, hexToBytes, isLowerHex } from "../model/hex.ts";
import { normalizeAssertion } from "../model/normalize.ts";
import type { AssertionInput, EpochInput, RetractionInput, VoteInput } from "./api-types.ts";
import { ed25519Sign, importSeed, randomSeed, type CryptoKey } from "./ed25519.ts";
import { hashEpoch, hashRetraction, hashVote } from "./hash-records.ts";
import { signingMessage } from "./signing-message.ts";

/**
 * The variable `Signer.fromEnv` reads: the agent's 32-byte Ed25519 seed as 64 hex.
 *
 * @example
 * ```ts
 * const signer = await Signer.fromEnv({ [PRIVATE_KEY_VARIABLE]: secrets.agentKey });
 * ```
 */
export const PRIVATE_KEY_VARIABLE = "STEMEDB_PRIVATE_KEY";

/**
 * A signature as a body carries it: the signer, 128 hex, and when it signed.
 *
 * @example
 * ```ts
 * const signature: SignatureInput = { agent_id: signer.agentId, signature: await signer.signHash(hash) };
 * ```
 */
export interface SignatureInput {
  readonly agent_id: string;
  readonly signature: string;
  readonly timestamp?: string | number;
}

/**
 * What signing adds to a record with a `signatures` list: its time and at least one signature.
 *
 * @example
 * ```ts
 * const signed: AssertionInput & Signed = await signer.signAssertion(draft);
 * ```
 */
export interface Signed {
  readonly timestamp: string | number;
  readonly signatures: readonly SignatureInput[];
}

/** A record that carries `signatures` (assertions, epochs, retractions). */
interface Signable {
  readonly signatures?: readonly SignatureInput[];
  readonly agent_id?: string;
  readonly timestamp?: string | number;
}

/**
 * An agent's Ed25519 key, signing assertions, votes, epochs and retractions exactly as the server
 * verifies them: it computes the content hash locally with the server's own rules (BLAKE3-256 of
 * the RFC 8785 canonical content) and signs `stemedb:v1:<hash>`. WebCrypto only, so it works in
 * Node ≥ 20 and in browsers. The agent id is the public key; keep the private key secret.
 *
 * A record without a `timestamp` is stamped with the current time before signing: the time is
 * part of the content, and the server's receive time would change the hash after the fact.
 *
 * @example
 * ```ts
 * import { Signer, StemeClient, buildAssertion } from "stemedb/client";
 *
 * const signer = await Signer.fromEnv(); // STEMEDB_PRIVATE_KEY=<64 hex>
 * const client = new StemeClient({ baseUrl: "http://127.0.0.1:18180" });
 * const claim = buildAssertion({ concept_path: "drugs/aspirin", predicate: "max_daily_dose_mg", value: 4000, confidence: 0.9 });
 * const result = await client.assert(await signer.signAssertion(claim));
 * result.assertion.agent_id === signer.agentId; // true
 * ```
 */
export class Signer {
  /** The agent id: the Ed25519 public key as 64 lowercase hex. */
  readonly agentId: string;
  readonly #privateKey: CryptoKey;
  readonly #seedHex: string;

  private constructor(agentId: string, privateKey: CryptoKey, seedHex: string) {
    this.agentId = agentId;
    this.#privateKey = privateKey;
    this.#seedHex = seedHex;
  }

  /**
   * A new random key. Save `exportPrivateKeyHex()` somewhere secret to be this agent again.
   *
   * @example
   * ```ts
   * const signer = await Signer.generate();
   * signer.agentId; // 64 hex
   * ```
   */
  static async generate(): Promise<Signer> {
    return Signer.fromHex(bytesToHex(randomSeed()));
  }

  /**
   * The key whose 32-byte Ed25519 seed (the RFC 8032 private key) is `privateKeyHex`, 64 hex.
   *
   * @example
   * ```ts
   * // RFC 8032 §7.1 TEST 1
   * const signer = await Signer.fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
   * signer.agentId; // "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
   * ```
   */
  static async fromHex(privateKeyHex: string): Promise<Signer> {
    const seedHex = privateKeyHex.trim().toLowerCase();
    if (!isLowerHex(seedHex, 32)) {
      throw new TypeError(
        `Cannot use this private key: it must be 64 hex characters (a 32-byte Ed25519 seed), got ${privateKeyHex.length} characters`,
      );
    }
    const key = await importSeed(hexToBytes(seedHex));
    return new Signer(key.agentId, key.privateKey, seedHex);
  }

  /**
   * The key in `STEMEDB_PRIVATE_KEY` (64 hex), from `env` or else the process environment (Node).
   *
   * @example
   * ```ts
   * const signer = await Signer.fromEnv(); // throws when STEMEDB_PRIVATE_KEY is not set
   * const same = await Signer.fromEnv({ STEMEDB_PRIVATE_KEY: "9d61…7f60" });
   * ```
   */
  static async fromEnv(env: Readonly<Record<string, string | undefined>> = processEnv()): Promise<Signer> {
    const value = env[PRIVATE_KEY_VARIABLE];
    if (value === undefined || value.trim() === "") {
      throw new Error(
        `${PRIVATE_KEY_VARIABLE} is not set: give it the agent's private key (64 hex; make one with \`stemedb keygen\` or Signer.generate())`,
      );
    }
    return Signer.fromHex(value);
  }

  /**
   * The private key (the 32-byte seed) as 64 hex, to store in a secret manager.
   *
   * @example
   * ```ts
   * const again = await Signer.fromHex(signer.exportPrivateKeyHex());
   * again.agentId === signer.agentId; // true
   * ```
   */
  exportPrivateKeyHex(): string {
    return this.#seedHex;
  }

  /**
   * Signs a content hash (64 hex): the Ed25519 signature of `stemedb:v1:<hash>` as 128 hex.
   *
   * @example
   * ```ts
   * await signer.signHash(hashAssertion(claim)); // 128 hex
   * ```
   */
  async signHash(hash: string): Promise<string> {
    if (!/^[0-9a-fA-F]{64}$/.test(hash)) {
      throw new TypeError(`Cannot sign ${JSON.stringify(hash)}: a content hash is 64 hex characters`);
    }
    return ed25519Sign(this.#privateKey, signingMessage(hash.toLowerCase()));
  }

  /**
   * The assertion with this agent's signature appended: the author's when it is the first, a
   * co-signature otherwise (co-signing an assertion read from the API adds to its signers
   * without changing its hash). Already signed by this agent: returned unchanged.
   *
   * @example
   * ```ts
   * const signed = await signer.signAssertion(buildAssertion({ concept_path: "a/b", predicate: "p", value: 1, confidence: 0.5 }));
   * signed.signatures[0]?.agent_id === signer.agentId; // true
   * ```
   */
  async signAssertion(assertion: AssertionInput): Promise<AssertionInput & Signed> {
    const stamped = { ...assertion, timestamp: assertion.timestamp ?? now() };
    const hash = normalizeAssertion(stamped, { nowMs: Date.now() }).hash;
    return this.#appendSignature(stamped, hash);
  }

  /**
   * The vote, signed by this agent: `agent_id` is set to this agent, who is the voter.
   *
   * @example
   * ```ts
   * await client.vote(await signer.signVote({ assertion: hash, weight: 0.9 }));
   * ```
   */
  async signVote(
    vote: VoteInput,
  ): Promise<
    VoteInput & { readonly agent_id: string; readonly signature: string; readonly timestamp: string | number }
  > {
    // A signature already there is replaced below; it is not content, so it does not change the hash.
    const stamped = { ...vote, agent_id: this.agentId, timestamp: vote.timestamp ?? now() };
    const hash = hashVote(stamped, { agentId: this.agentId });
    return { ...stamped, signature: await this.signHash(hash) };
  }

  /**
   * The epoch with this agent's signature appended.
   *
   * @example
   * ```ts
   * await client.declareEpoch(await signer.signEpoch({ name: "guidelines-2026", supersedes: [oldEpoch] }));
   * ```
   */
  async signEpoch(epoch: EpochInput): Promise<EpochInput & Signed> {
    const stamped = { ...epoch, timestamp: epoch.timestamp ?? now() };
    return this.#appendSignature(stamped, hashEpoch(stamped));
  }

  /**
   * The retraction of source `source` (64 hex) with this agent's signature appended.
   *
   * @example
   * ```ts
   * await client.retractSource(sourceHash, await signer.signRetraction(sourceHash, { reason: "withdrawn" }));
   * ```
   */
  async signRetraction(source: string, retraction: RetractionInput = {}): Promise<RetractionInput & Signed> {
    const stamped = { ...retraction, timestamp: retraction.timestamp ?? now() };
    return this.#appendSignature(stamped, hashRetraction(source, stamped));
  }

  async #appendSignature<T extends Signable>(record: T, hash: string): Promise<T & Signed> {
    const timestamp = record.timestamp ?? now();
    const existing = record.signatures ?? [];
    if (existing.some((s) => s.agent_id.toLowerCase() === this.agentId)) {
      return { ...record, timestamp, signatures: existing };
    }
    const signature: SignatureInput = {
      agent_id: this.agentId,
      signature: await this.signHash(hash),
      timestamp: now(),
    };
    if (existing.length > 0) return { ...record, timestamp, signatures: [...existing, signature] };
    // The first signer is the author; an `agent_id` left in the body (the API's output form of an
    // unsigned record) would now contradict it, and attribution comes from the signature anyway.
    const rest = Object.fromEntries(Object.entries(record).filter(([key]) => key !== "agent_id")) as T;
    return { ...rest, timestamp, signatures: [signature] };
  }
}

function now(): string {
  return new Date().toISOString();
}

/** Node's environment, or nothing in a browser (which has no `process`). */
function processEnv(): Readonly<Record<string, string | undefined>> {
  const runtime = globalThis as { process?: { env?: Record<string, string | undefined> } };
  return runtime.process?.env ?? {};
}
