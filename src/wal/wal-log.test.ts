import { tempDir } from "../../test/support/temp-dir.ts";
import { assertionLogConformance } from "../cluster/assertion-log.case.ts";
import { Wal } from "./wal.ts";
import { WalLog } from "./wal-log.ts";

assertionLogConformance("WalLog", async () => new WalLog((await Wal.open({ dir: tempDir() })).wal));
