import { createServer } from "node:net";

/**
 * A loopback TCP port that was free a moment ago, for programs (nginx) that cannot be told to
 * pick one themselves and report it.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (typeof address !== "object" || address === null)
    throw new Error("Cannot read the port of a listening socket");
  return address.port;
}
