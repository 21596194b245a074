// Type tests: this file has no run-time code; `tsc --noEmit` (npm run typecheck) fails when a check
// below fails. They hold the SDK's types to the server's own types where the server has them:
// its TypeBox schemas (used through `Static` in api-types.ts, so a change there fails at every use)
// and the TypeScript types of the JSON its handlers return (checked here). A server change that
// breaks what the SDK promises, such as renaming or retyping a field, stops the build.

import type { HeldJson } from "../api/held-json.ts";
import type { ClusterHealth } from "../cluster/cluster-node.ts";
import type { Member } from "../cluster/membership.ts";
import type { ShardSum } from "../cluster/shard-digest.ts";
import type { PendingStore } from "../db/pending-store.ts";
import type { AssertionJson } from "../model/wire.ts";
import type { EpochJson } from "../model/epoch.ts";
import type { RetractionJson } from "../model/retraction.ts";
import type { SourceJson } from "../model/source-record.ts";
import type { VoteJson } from "../model/vote.ts";
import type { BackupMetadata } from "../ops/backup/backup-metadata.ts";
import type { CandidateJson } from "../query/answer-json.ts";
import type { StaticOf } from "./schemas/shared-schemas.ts";
import type { AssertionInput as ServerAssertionInput } from "../api/schemas/assertion.ts";
import type * as Sdk from "./api-types.ts";
import type { AssertionDraft } from "./build-assertion.ts";
import type { EpochDraft } from "./build-epoch.ts";
import type { RetractionDraft } from "./build-retraction.ts";
import type { SourceDraft } from "./build-source.ts";
import type { VoteDraft } from "./build-vote.ts";
import type { Signed } from "./signer.ts";

/** Compiles only for `true`. */
type Expect<T extends true> = T;
/** `true` when every `From` is a `To`. */
type Assignable<From, To> = [From] extends [To] ? true : false;
/** The server's JSON types are readonly throughout; the SDK's static types are not. */
type DeepReadonly<T> = T extends readonly (infer Item)[]
  ? readonly DeepReadonly<Item>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
/** `true` when what the server returns is what the SDK's type promises. */
type Promises<Returned, Promised> = Assignable<Returned, DeepReadonly<Promised>>;

export type ServerAnswersFitTheSdkTypes = [
  Expect<Promises<AssertionJson, Sdk.Assertion>>,
  Expect<Promises<CandidateJson, Sdk.Candidate>>,
  Expect<Promises<VoteJson, Sdk.Vote>>,
  Expect<Promises<EpochJson, Sdk.Epoch>>,
  Expect<Promises<SourceJson, Sdk.SourceRecord>>,
  Expect<Promises<RetractionJson, Sdk.Retraction>>,
  Expect<Promises<HeldJson, Sdk.HeldWrite>>,
  Expect<Promises<BackupMetadata & { path: string }, Sdk.BackupResult>>,
  Expect<Promises<PendingStore & { applies: "at the next restart" }, Sdk.RebuildResult>>,
  Expect<
    Promises<PendingStore & { applies: "at the next restart"; reclaimed_bytes: number }, Sdk.CompactResult>
  >,
  Expect<Promises<Member, Sdk.ClusterMember>>,
  Expect<Promises<ClusterHealth, Sdk.ClusterHealth>>,
  Expect<Promises<ShardSum, Sdk.ShardSum>>,
];

export type SdkRequestsFitTheServerSchemas = [
  Expect<Assignable<Sdk.AssertionInput, StaticOf<typeof ServerAssertionInput>>>,
  Expect<Assignable<AssertionDraft, Sdk.AssertionInput>>,
  Expect<Assignable<Sdk.AssertionInput & Signed, Sdk.AssertionInput>>,
  Expect<Assignable<VoteDraft, Sdk.VoteInput>>,
  Expect<Assignable<EpochDraft & Signed, Sdk.EpochInput>>,
  Expect<Assignable<RetractionDraft & Signed, Sdk.RetractionInput>>,
  Expect<Assignable<SourceDraft, Sdk.SourceInput>>,
  Expect<Assignable<Sdk.QueryParameters["lens"], string | undefined>>,
];

export type TheChecksCanFail = [
  // A check that must not hold, so that a broken `Expect` (one accepting anything) would show.
  Expect<Assignable<Assignable<{ a: string }, { a: number }>, false>>,
];
