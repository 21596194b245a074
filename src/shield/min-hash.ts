/**
 * MinHash signatures (Broder 1997): `k` slots, slot `i` holding the least value that the `i`-th
 * hash function gives any 3-character shingle of the text. Two texts agree on a slot with
 * probability equal to the Jaccard similarity of their shingle sets, so the fraction of equal
 * slots estimates it with a standard error of at most `0.5 / √k` (0.044 for the default 128).
 */

/** How many hash functions (slots) a signature has unless the caller asks for another number. */
export const MIN_HASH_PERMUTATIONS = 128;
/** Shingle length in UTF-16 code units. Three is the usual choice for short texts such as claims. */
export const SHINGLE_LENGTH = 3;

// The hash functions are h(x) = (a·x + b) mod p with p = 2³¹ − 1, a Mersenne prime, so that the
// reduction is a scaling by 2⁻³¹, a floor and an add instead of a general remainder. `x` < 2³¹
// and `a` < 2²¹ keep a·x + b below 2⁵³, where doubles are exact: no BigInt, no 16-bit halves,
// a few nanoseconds per slot and shingle.
const P = 0x7fffffff;
const TWO_31 = 2 ** 31;
const A_LIMIT = 2 ** 21;
// Fixed seed: signatures are compared with signatures made by other processes and other days.
const SEED = 0x5eed_c1a1;
// Empty slot: above every value below p, so any shingle replaces it.
const EMPTY = 0xffffffff;

interface Coefficients {
  readonly a: Float64Array;
  readonly b: Float64Array;
}
const coefficientsByCount = new Map<number, Coefficients>();

/**
 * The shingles of a text: every run of 3 consecutive UTF-16 code units, or the whole text when it
 * is shorter (none for the empty text). Repeats are kept; `minHash` treats the list as a set.
 *
 * @example
 * ```ts
 * shingles("claim"); // ["cla", "lai", "aim"]
 * ```
 */
export function shingles(text: string): string[] {
  if (text.length <= SHINGLE_LENGTH) return text === "" ? [] : [text];
  const out: string[] = [];
  for (let i = 0; i + SHINGLE_LENGTH <= text.length; i++) out.push(text.slice(i, i + SHINGLE_LENGTH));
  return out;
}

/**
 * The MinHash signature of a text's shingles: `permutations` slots, deterministic across runs.
 * The empty text has every slot at `0xffffffff`.
 *
 * @example
 * ```ts
 * const a = minHash("drug://semaglutide | effect | weight loss");
 * a.length; // 128
 * estimateJaccard(a, minHash("drug://semaglutide | effect | weight loss")); // 1
 * ```
 */
export function minHash(text: string, permutations: number = MIN_HASH_PERMUTATIONS): Uint32Array {
  const { a, b } = coefficients(permutations);
  const signature = new Uint32Array(permutations).fill(EMPTY);
  const last = Math.max(text.length - SHINGLE_LENGTH, 0);
  for (let start = 0; start <= last && text !== ""; start++) {
    const x = shingleHash(text, start, Math.min(start + SHINGLE_LENGTH, text.length));
    for (let i = 0; i < permutations; i++) {
      const y = (a[i] as number) * x + (b[i] as number);
      const high = Math.floor(y / TWO_31);
      // y = high·2³¹ + low ≡ high + low (mod p), since 2³¹ ≡ 1; one subtraction finishes the job.
      let h = y - high * TWO_31 + high;
      if (h >= P) h -= P;
      if (h < (signature[i] as number)) signature[i] = h;
    }
  }
  return signature;
}

/**
 * The estimated Jaccard similarity of the texts behind two signatures: the fraction of equal slots.
 * Throws `RangeError` when the signatures have different lengths (different hash functions).
 *
 * @example
 * ```ts
 * estimateJaccard(minHash("weight loss"), minHash("weight gain")); // about 0.3
 * ```
 */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length || a.length === 0) {
    throw new RangeError(
      `Cannot compare MinHash signatures of ${a.length} and ${b.length} slots: they must have the same, non-zero length`,
    );
  }
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return equal / a.length;
}

/**
 * `estimateJaccard(a, b)` when it is at least `threshold`, else `undefined`; it stops comparing as
 * soon as too many slots differ for the threshold to be reached, which makes rejecting a
 * dissimilar candidate ~3× cheaper at threshold 0.9.
 *
 * @example
 * ```ts
 * estimateJaccardAtLeast(minHash("weight loss"), minHash("weight loss!"), 0.9); // undefined
 * estimateJaccardAtLeast(minHash("weight loss"), minHash("weight loss"), 0.9); // 1
 * ```
 */
export function estimateJaccardAtLeast(
  a: Uint32Array,
  b: Uint32Array,
  threshold: number,
): number | undefined {
  if (a.length !== b.length || a.length === 0) return estimateJaccard(a, b); // throws the RangeError
  // The fewest equal slots that reach the threshold, stepped down past float error (0.3 × 10 is
  // 3.0000000000000004, yet 3 / 10 >= 0.3).
  let needed = Math.ceil(threshold * a.length);
  while (needed > 0 && (needed - 1) / a.length >= threshold) needed--;
  if (needed > a.length) return undefined;
  const allowed = a.length - needed;
  let differing = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i] && ++differing > allowed) return undefined;
  }
  return (a.length - differing) / a.length;
}

/** A 31-bit hash of `text[start..end)`: FNV-1a over the code units, then murmur3's finaliser. */
function shingleHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  // FNV-1a leaves the high bits of three-unit inputs poorly mixed; the finaliser spreads them.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 1;
}

function coefficients(permutations: number): Coefficients {
  const cached = coefficientsByCount.get(permutations);
  if (cached !== undefined) return cached;
  if (!Number.isSafeInteger(permutations) || permutations < 1 || permutations > 4096) {
    throw new RangeError(`Cannot make ${permutations} MinHash permutations: use an integer from 1 to 4096`);
  }
  const next = splitMix32(SEED);
  const a = new Float64Array(permutations);
  const b = new Float64Array(permutations);
  for (let i = 0; i < permutations; i++) {
    a[i] = 1 + (next() % (A_LIMIT - 1));
    b[i] = next() % P;
  }
  const made = { a, b };
  coefficientsByCount.set(permutations, made);
  return made;
}

/** A small seeded generator of 32-bit unsigned integers (SplitMix32). */
function splitMix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}
