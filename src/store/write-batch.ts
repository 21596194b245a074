import type { Database } from "lmdb";

/** One put of a planned batch: keyspace, key, value. */
export type Write = readonly [Database<Buffer, Buffer>, Buffer, Buffer];
