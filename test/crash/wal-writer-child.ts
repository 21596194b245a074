/**
 * Child process for the zero-fill crash test: appends to a bare WAL from many concurrent writers
 * and prints `<seq> <sha256 of the payload>` the moment each append resolves (durable). The parent
 * SIGKILLs it at a random moment and checks that every printed record survived, byte for byte.
 *
 * Usage: wal-writer-child.ts <walDir> <segmentBytes> <writers>
 */
import { createHash } from "node:crypto";
import { Wal } from "../../src/wal/wal.ts";
import { writeLine } from "./write-line.ts";

const [dir, segmentText, writersText] = process.argv.slice(2);
if (dir === undefined) throw new Error("usage: wal-writer-child.ts <walDir> <segmentBytes> <writers>");
const { wal } = await Wal.open({ dir, segmentSize: Number(segmentText) });

writeLine("ready");

async function writer(id: number): Promise<void> {
  for (let i = 0; ; i++) {
    // 100 to 2,100 bytes: groups of every size cross the zero-filled space at every offset.
    const payload = Buffer.alloc(100 + ((id * 7919 + i * 104_729) % 2000), `${id}:${i}:`);
    const seq = await wal.append(1 + (i % 3), payload);
    writeLine(`${seq} ${createHash("sha256").update(payload).digest("hex")}`);
  }
}

await Promise.all(Array.from({ length: Number(writersText ?? 32) }, (_, id) => writer(id)));
