import { existsSync, readFileSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { fsyncFile } from "../wal/fsync-file.ts";

/**
 * The store commits without waiting for the disk (LMDB `noSync`) because the WAL is what makes a
 * write durable; the store is derived from it. That is safe across a **process** crash (committed
 * pages are in the kernel's page cache and reach the disk anyway) but not across an **operating
 * system** crash, which can leave the B-tree torn. This file tells the two apart: it records the
 * kernel's boot id while the store is open. Found open with another boot id, the store may be
 * damaged and is rebuilt from the WAL.
 */
const FILE = "store-state.json";
const BOOT_ID_PATH = "/proc/sys/kernel/random/boot_id";

interface StoreState {
  readonly open: boolean;
  readonly bootId: string;
}

export function currentBootId(): string {
  try {
    return readFileSync(BOOT_ID_PATH, "utf8").trim();
  } catch {
    // Not Linux: no boot id to compare, so an unclean close is always treated as an OS crash.
    return `unknown-${process.pid}-${Date.now()}`;
  }
}

/** True when the store was left open by a machine that has since rebooted. */
export function storeMayBeTorn(dir: string): boolean {
  const path = join(dir, FILE);
  if (!existsSync(path)) return false;
  try {
    const state = JSON.parse(readFileSync(path, "utf8")) as StoreState;
    return state.open && state.bootId !== currentBootId();
  } catch {
    return true;
  }
}

export function markStore(dir: string, open: boolean): void {
  const path = join(dir, FILE);
  const temporary = `${path}.tmp`;
  const state: StoreState = { open, bootId: currentBootId() };
  writeFileSync(temporary, JSON.stringify(state));
  fsyncFile(temporary);
  renameSync(temporary, path);
}

/** Forces the store's data file to disk, for a clean close under `noSync`. */
export function fsyncStoreFile(dir: string): void {
  const path = join(dir, "data.mdb");
  if (!existsSync(path)) return;
  fsyncFile(path);
}
