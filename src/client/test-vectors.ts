import { readdirSync, readFileSync } from "node:fs";

/** One case of a test-vector file (test/vectors/README.md); a case without `kind` is an assertion. */
export interface VectorCase {
  readonly kind?: "vote" | "epoch" | "source" | "retraction";
  readonly name: string;
  readonly input: Record<string, unknown>;
  readonly canonical: string;
  readonly hash: string;
  readonly signature?: string;
}

/** A key of the vectors: the RFC 8032 test seeds and their agent ids. */
export interface VectorAgent {
  readonly seed_hex: string;
  readonly agent_id: string;
}

/** One test-vector file. */
export interface VectorFile {
  readonly file: string;
  readonly agent: VectorAgent;
  readonly cosigner?: VectorAgent;
  readonly cases: readonly VectorCase[];
}

const dir = new URL("../../test/vectors/", import.meta.url);

/**
 * Every test-vector file of the repository (the spec's and the project's), the same files the
 * model's vector test reads: the SDK must reproduce every hash and signature in them.
 *
 * @example
 * ```ts
 * for (const { file, cases } of vectorFiles()) console.log(file, cases.length);
 * ```
 */
export function vectorFiles(): VectorFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((file) => ({
      file,
      ...(JSON.parse(readFileSync(new URL(file, dir), "utf8")) as Omit<VectorFile, "file">),
    }));
}
