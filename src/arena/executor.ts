/**
 * Carries out the agents' actions through the SDK over real HTTP, as the agents' own clients
 * would: each agent signs with its own Ed25519 key and sends with its population's API key. What
 * the server stored goes on the board; what the Shield did goes into the tally.
 */
import {
  Signer,
  StemeApiError,
  StemeClient,
  buildAssertion,
  buildEpoch,
  buildRetraction,
  buildSource,
  buildVote,
  type AssertionInput,
  type TierName,
} from "../client/index.ts";
import type { AgentRef, ArenaAction, AssertAction, Population } from "./actions.ts";
import type { ArenaServer } from "./arena-server.ts";
import type { Board, BoardClaim } from "./board.ts";
import { actionTime } from "./clock.ts";
import { countingFetch } from "./counting-fetch.ts";
import { inPool } from "./pool.ts";
import { Prng } from "./prng.ts";
import type { ShieldTally, WriteKind, WriteOutcome } from "./shield-tally.ts";
import type { World } from "./world.ts";

/**
 * The tier cap of each population's API key: the admin knows the regulator, the experts, the old
 * handbook and the journal, and lets them claim their tier. Everyone else has no key cap and gets
 * the server's default cap (`community`).
 */
const KEY_CAPS: Readonly<Partial<Record<Population, TierName>>> = {
  regulator: "regulatory",
  expert: "clinical",
  "stale-authority": "clinical",
  publisher: "observational",
};

/** Agents writing at once; each agent's own writes stay in order (breakers count in that order). */
const CONCURRENT_AGENTS = 16;

/** An action with its place in the day, which fixes its timestamp. */
interface Scheduled<A extends ArenaAction = ArenaAction> {
  readonly action: A;
  readonly seq: number;
}

/** Executes a run's actions. */
export class Executor {
  readonly #server: ArenaServer;
  readonly #world: World;
  readonly #board: Board;
  readonly #tally: ShieldTally;
  readonly #keyRng: Prng;
  readonly #apiKeys: ReadonlyMap<Population, string>;
  readonly #signers = new Map<string, Promise<Signer>>();
  readonly #clients = new Map<string, StemeClient>();
  readonly #epochs = new Map<string, string>();
  #studyHash: string | undefined;

  private constructor(
    server: ArenaServer,
    world: World,
    board: Board,
    tally: ShieldTally,
    seed: number,
    apiKeys: ReadonlyMap<Population, string>,
  ) {
    this.#server = server;
    this.#world = world;
    this.#board = board;
    this.#tally = tally;
    this.#keyRng = new Prng(seed).fork("keys");
    this.#apiKeys = apiKeys;
  }

  /** Creates one API key per population (with its tier cap) through the admin API. */
  static async open(
    server: ArenaServer,
    world: World,
    board: Board,
    tally: ShieldTally,
    seed: number,
    populations: readonly Population[],
  ): Promise<Executor> {
    const admin = new StemeClient({ baseUrl: server.url, adminToken: server.adminToken }).admin;
    const keys = new Map<Population, string>();
    for (const population of populations) {
      const cap = KEY_CAPS[population];
      const created = await admin.createApiKey({
        name: `arena ${population}`,
        ...(cap !== undefined ? { tier_cap: cap } : {}),
      });
      keys.set(population, created.key);
    }
    return new Executor(server, world, board, tally, seed, keys);
  }

  /** The agent's key: derived from the seed and its label, so the same in every run. */
  signer(label: string): Promise<Signer> {
    let signer = this.#signers.get(label);
    if (signer === undefined) {
      signer = Signer.fromHex(this.#keyRng.fork(label).hex32());
      this.#signers.set(label, signer);
    }
    return signer;
  }

  /**
   * Runs one day: epochs and the study first (claims tag and cite them), then the claims, then
   * co-signatures and votes, which only ever point at claims of earlier days. Claims and
   * co-signatures of different agents go in parallel; what they store does not depend on the
   * order in which they arrive.
   */
  async runDay(tick: number, actions: readonly ArenaAction[]): Promise<void> {
    const scheduled = actions.map((action, seq) => ({ action, seq }));
    const stored = new Map<number, BoardClaim>();
    for (const s of scheduled) {
      if (
        s.action.kind === "epoch" ||
        s.action.kind === "register-study" ||
        s.action.kind === "retract-study"
      )
        await this.#record(s.action, tick, s.seq);
    }
    for (const kind of ["assert", "cosign"] as const) {
      const byAgent = new Map<string, Scheduled[]>();
      for (const s of scheduled) {
        if (s.action.kind !== kind) continue;
        const list = byAgent.get(s.action.agent.label);
        if (list === undefined) byAgent.set(s.action.agent.label, [s]);
        else list.push(s);
      }
      await inPool([...byAgent.values()], CONCURRENT_AGENTS, async (list) => {
        for (const s of list) await this.#write(s, tick, stored);
      });
      // The day's claims join the board in the order they were decided, not the order the
      // parallel writes finished in: what agents later pick from it must not depend on timing.
      if (kind === "assert")
        for (const seq of [...stored.keys()].sort((a, b) => a - b))
          this.#board.add(stored.get(seq) as BoardClaim);
    }
    // Votes one at a time, in the order decided: a vote moves its author's trust by an amount that
    // depends on the voter's trust at that moment, so their order in the log must be the same in
    // every run.
    for (const s of scheduled) if (s.action.kind === "vote") await this.#write(s, tick, stored);
  }

  async #write({ action, seq }: Scheduled, tick: number, stored: Map<number, BoardClaim>): Promise<void> {
    const timestamp = new Date(actionTime(tick, seq));
    switch (action.kind) {
      case "assert":
        return this.#assert(action, tick, timestamp, (claim) => stored.set(seq, claim));
      case "cosign":
        return this.#attempt(action.agent, "cosign", async (client, signer) => {
          const result = await client.assert(await signer.signAssertion(action.claim.input));
          if (result.status === "cosigned") action.claim.signers.add(action.agent.label);
          return writeOutcome(result.status, result.reason);
        });
      case "vote":
        return this.#attempt(action.agent, "vote", async (client, signer) => {
          const vote = buildVote({ assertion: action.claim.hash, weight: action.weight, timestamp });
          const result = await client.vote(await signer.signVote(vote));
          return result.status === "created" ? "created" : "exists";
        });
      default:
        return undefined;
    }
  }

  async #assert(
    action: AssertAction,
    tick: number,
    timestamp: Date,
    onStored: (claim: BoardClaim) => void,
  ): Promise<void> {
    const pair = this.#world.pairs[action.pair];
    if (pair === undefined)
      throw new RangeError(`Cannot write to pair ${action.pair}: the world has no such pair`);
    const draft = buildAssertion({
      concept_path: pair.conceptPath,
      predicate: pair.predicate,
      value: action.value,
      confidence: action.confidence,
      authority_tier: action.tier,
      timestamp,
      ...(action.epoch !== undefined ? { epoch: this.#epochHash(pair.topic, action.epoch) } : {}),
      ...(action.citesStudy === true ? { source: { hash: this.#study() } } : {}),
      ...(action.parent !== undefined ? { parent: action.parent.hash } : {}),
    });
    await this.#attempt(action.agent, "assert", async (client, signer) => {
      let input: AssertionInput = await signer.signAssertion(draft);
      if (action.forgedCosigner !== undefined) {
        // The writer's own signature presented as the victim's: the server must refuse it.
        const victim = await this.signer(action.forgedCosigner.label);
        const own = input.signatures?.[0];
        if (own !== undefined)
          input = { ...input, signatures: [own, { agent_id: victim.agentId, signature: own.signature }] };
      }
      const result = await client.assert(input);
      if (result.status === "created") {
        onStored({
          hash: result.hash,
          pair: action.pair,
          value: action.value,
          author: action.agent,
          tick,
          citesStudy: action.citesStudy === true,
          input,
          signers: new Set([action.agent.label]),
        });
      }
      return writeOutcome(result.status, result.reason);
    });
  }

  async #record(action: ArenaAction, tick: number, seq: number): Promise<void> {
    const timestamp = new Date(actionTime(tick, seq));
    await this.#attempt(action.agent, "record", async (client, signer) => {
      if (action.kind === "epoch") {
        const name = `${this.#world.topicNames[action.topic] ?? "topic"}-paradigm-${action.epoch}`;
        const previous = action.epoch > 0 ? [this.#epochHash(action.topic, action.epoch - 1)] : [];
        const epoch = buildEpoch({ name, supersedes: previous, timestamp });
        const written = await client.declareEpoch(await signer.signEpoch(epoch));
        this.#epochs.set(`${action.topic}:${action.epoch}`, written.hash);
        return "created";
      }
      if (action.kind === "register-study") {
        const source = buildSource({
          uri: "https://journal.example/arena/fabricated-trial",
          title: "A fabricated trial",
          content: `Results of a trial that never took place (arena, day ${tick}).`,
        });
        const written = await client.registerSource(source);
        this.#studyHash = written.hash;
        return "created";
      }
      const hash = this.#study();
      const retraction = buildRetraction({
        source: hash,
        reason: "the trial data were fabricated",
        timestamp,
      });
      await client.retractSource(hash, await signer.signRetraction(hash, retraction));
      this.#board.retractStudy();
      return "created";
    });
  }

  /** Sends one write as `agent` and tallies how it ended; a refusal is an outcome, not a failure. */
  async #attempt(
    agent: AgentRef,
    kind: WriteKind,
    send: (client: StemeClient, signer: Signer) => Promise<WriteOutcome>,
  ): Promise<void> {
    const signer = await this.signer(agent.label);
    let outcome: WriteOutcome;
    try {
      outcome = await send(this.#client(agent, signer), signer);
    } catch (error) {
      if (!(error instanceof StemeApiError)) throw error;
      outcome = `refused:${error.code}`;
    }
    this.#tally.record(agent.population, kind, outcome);
  }

  #client(agent: AgentRef, signer: Signer): StemeClient {
    let client = this.#clients.get(agent.label);
    if (client === undefined) {
      client = new StemeClient({
        baseUrl: this.#server.url,
        apiKey: this.#apiKeys.get(agent.population),
        agentId: signer.agentId,
        fetch: countingFetch(this.#tally, agent.population),
      });
      this.#clients.set(agent.label, client);
    }
    return client;
  }

  #epochHash(topic: number, epoch: number): string {
    const hash = this.#epochs.get(`${topic}:${epoch}`);
    if (hash === undefined)
      throw new Error(`Cannot tag a claim with epoch ${epoch} of topic ${topic}: it was never declared`);
    return hash;
  }

  #study(): string {
    if (this.#studyHash === undefined) throw new Error("Cannot cite the study: it was never registered");
    return this.#studyHash;
  }
}

function writeOutcome(status: string, reason: string | undefined): WriteOutcome {
  if (status === "quarantined") return `quarantined:${reason ?? "unknown"}`;
  if (status === "created" || status === "exists" || status === "cosigned") return status;
  return `refused:${status}`;
}
