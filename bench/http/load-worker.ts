/**
 * The load generator's process (`node --import tsx bench/http/load-worker.ts`), started by
 * `LoadProcess`. It reads one `LoadJob` per line on stdin, builds the job's bodies (untimed), runs
 * the closed loop, and writes `WorkerEvent` lines on stdout: the window opening and closing, then
 * the result (`serveLoadJobs`). Jobs run one at a time, in order; the process ends when stdin closes.
 *
 * It is a process of its own so that on a small machine the client's JavaScript does not share
 * the server's event loop: both still share the cores, which the report shows as client CPU.
 */
import { prepareRequests } from "./plan-requests.ts";
import { serveLoadJobs } from "./worker-loop.ts";

await serveLoadJobs(prepareRequests);
