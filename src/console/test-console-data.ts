import {
  Signer,
  buildAssertion,
  buildRetraction,
  buildSource,
  buildVote,
  type StemeClient,
} from "../client/index.ts";

const DAY_MS = 86_400_000;

/** What `loadConsoleData` wrote, for the browser tests to look for on the pages. */
export interface ConsoleData {
  /** The contested pair: a regulator's label, co-signed and voted for, against community reports. */
  readonly contested: { readonly conceptPath: string; readonly predicate: string };
  readonly regulator: Signer;
  readonly cosigner: Signer;
  readonly labelHash: string;
  /** A registered source that was retracted, and the claim citing it. */
  readonly retractedSource: { readonly hash: string; readonly title: string; readonly reason: string };
  /** The hash of a write the Shield held in quarantine. */
  readonly heldHash: string;
}

/**
 * Writes, through the SDK as any client would, data that exercises every page of the console:
 * a contested pair whose lenses disagree (an old regulatory label, co-signed and voted for,
 * against newer community claims), a second predicate, a concept under a URI scheme, a source
 * that cites a claim and is then retracted, and a write held in quarantine (the server must be
 * started with `STEMEDB_QUARANTINE_PATTERNS` matching "casino").
 *
 * @example
 * ```ts
 * const server = await startTestServer({ STEMEDB_QUARANTINE_PATTERNS: '["casino"]' });
 * const data = await loadConsoleData(server.client());
 * ```
 */
export async function loadConsoleData(client: StemeClient): Promise<ConsoleData> {
  const [regulator, cosigner, forum, patient, voter, reviewer] = await Promise.all(
    Array.from({ length: 6 }, () => Signer.generate()),
  );
  if (!regulator || !cosigner || !forum || !patient || !voter || !reviewer) throw new Error("six signers");
  const now = Date.now();
  const contested = { conceptPath: "drugs/aspirin", predicate: "max_daily_dose_mg" };
  const claim = (fields: Omit<Parameters<typeof buildAssertion>[0], "concept_path" | "predicate">) =>
    buildAssertion({ concept_path: contested.conceptPath, predicate: contested.predicate, ...fields });

  const label = await regulator.signAssertion(
    claim({
      value: 4000,
      confidence: 0.95,
      authority_tier: "regulatory",
      source: { uri: "fda://label/aspirin/2024" },
      timestamp: new Date(now - 3 * DAY_MS),
    }),
  );
  const stored = await client.assert(label);
  await client.assert(await cosigner.signAssertion(stored.assertion));
  await client.assertBatch([
    await forum.signAssertion(
      claim({ value: 3000, confidence: 0.6, authority_tier: "community", timestamp: new Date(now - DAY_MS) }),
    ),
    await patient.signAssertion(
      claim({
        value: 3000,
        confidence: 0.5,
        authority_tier: "anecdotal",
        timestamp: new Date(now - 2 * DAY_MS),
      }),
    ),
    await reviewer.signAssertion(
      buildAssertion({
        concept_path: contested.conceptPath,
        predicate: "interacts_with",
        value: "warfarin",
        confidence: 0.9,
        authority_tier: "clinical",
        timestamp: new Date(now - 2.5 * DAY_MS),
      }),
    ),
    await reviewer.signAssertion(
      buildAssertion({
        concept_path: "code://python/requests/tls",
        predicate: "verifies_certificates",
        value: true,
        confidence: 0.8,
        authority_tier: "expert",
      }),
    ),
  ]);
  await client.vote(await voter.signVote(buildVote({ assertion: stored.hash, weight: 0.9 })));

  const trial = buildSource({
    uri: "https://example.org/trial-42",
    title: "Trial 42",
    content: "Results of trial 42.",
    authority_tier: "clinical",
  });
  await client.registerSource(trial);
  await client.assert(
    await reviewer.signAssertion(
      buildAssertion({
        concept_path: "drugs/trialix",
        predicate: "efficacy",
        value: "high",
        confidence: 0.8,
        authority_tier: "clinical",
        source: { hash: trial.hash, uri: "https://example.org/trial-42" },
      }),
    ),
  );
  const reason = "the trial data were fabricated";
  await client.retractSource(
    trial.hash,
    await reviewer.signRetraction(trial.hash, buildRetraction({ source: trial.hash, reason })),
  );

  const held = await client.assert({
    concept_path: "games/poker",
    predicate: "best_site",
    value: "Best CASINO online",
    confidence: 0.5,
  });
  if (held.status !== "quarantined")
    throw new Error(
      `the casino claim was ${held.status}, not held: start the server with STEMEDB_QUARANTINE_PATTERNS`,
    );

  return {
    contested,
    regulator,
    cosigner,
    labelHash: stored.hash,
    retractedSource: { hash: trial.hash, title: "Trial 42", reason },
    heldHash: held.hash,
  };
}
