import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import { NotFoundError } from "../errors.ts";
import { bundleConsole, type ConsoleAsset, type ConsoleBundle } from "./console-bundle.ts";
import { consoleHtml } from "./console-html.ts";
import { CONSOLE_CSP } from "./content-security-policy.ts";

/** The console's asset route; exempt from authentication (a browser cannot send a key for it). */
export const CONSOLE_ASSET_ROUTE = "/console/:file";

/**
 * The web console: its HTML shell at `/` and its bundled script and stylesheet under
 * `/console/`. The bundle is built on the first request and kept in memory; asset URLs carry a
 * hash of their bytes, so browsers cache them for a year and the shell (never cached without
 * asking again) points at new ones after an upgrade. Every response carries the console's strict
 * Content-Security-Policy. The API calls the console makes carry the user's key like any client's.
 *
 * @example
 * ```ts
 * await app.register(consoleRoutes());
 * // GET / → the console; GET /console/app-<hash>.js → its script
 * ```
 */
export function consoleRoutes(): FastifyPluginAsyncTypebox {
  let building: Promise<ConsoleBundle> | undefined;

  return async (app) => {
    const bundle = (): Promise<ConsoleBundle> => {
      building ??= bundleConsole().then(
        (built) => {
          app.log.info(
            {
              script: built.script.name,
              script_bytes: built.script.body.length,
              script_gzip_bytes: built.script.gzipped.length,
              styles_bytes: built.styles.body.length,
              styles_gzip_bytes: built.styles.gzipped.length,
            },
            "Console bundled",
          );
          return built;
        },
        (error: unknown) => {
          // Try again on the next request rather than keep a failure for the process's life.
          building = undefined;
          throw error;
        },
      );
      return building;
    };

    app.get("/", { schema: { hide: true } }, async (_request, reply) => {
      secure(reply).header("cache-control", "no-cache");
      return reply.type("text/html; charset=utf-8").send(consoleHtml(await bundle()));
    });

    app.get(
      CONSOLE_ASSET_ROUTE,
      { schema: { hide: true, params: Type.Object({ file: Type.String({ maxLength: 64 }) }) } },
      async (request, reply) => {
        const { script, styles } = await bundle();
        const file = request.params.file;
        const asset = [script, styles].find((candidate) => candidate.name === file);
        if (asset === undefined) {
          throw new NotFoundError(
            `No console file ${file}: this server serves ${script.name} and ${styles.name}`,
          );
        }
        return sendAsset(secure(reply), asset, request.headers["accept-encoding"]);
      },
    );
  };
}

function secure(reply: FastifyReply): FastifyReply {
  return reply.headers({
    "content-security-policy": CONSOLE_CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
  });
}

function sendAsset(
  reply: FastifyReply,
  asset: ConsoleAsset,
  acceptEncoding: string | undefined,
): FastifyReply {
  reply.headers({
    "content-type": asset.contentType,
    // The name changes with the content, so a cached copy is never stale.
    "cache-control": "public, max-age=31536000, immutable",
    vary: "accept-encoding",
  });
  if (acceptsGzip(acceptEncoding)) {
    return reply.header("content-encoding", "gzip").send(asset.gzipped);
  }
  return reply.send(asset.body);
}

/** Whether an `Accept-Encoding` header takes gzip (RFC 9110 §12.5.3: `gzip;q=0` refuses it). */
function acceptsGzip(header: string | undefined): boolean {
  for (const part of (header ?? "").split(",")) {
    const [coding = "", ...parameters] = part.split(";").map((piece) => piece.trim().toLowerCase());
    if (coding !== "gzip" && coding !== "*") continue;
    const quality = parameters.find((parameter) => parameter.startsWith("q="));
    return quality === undefined || Number(quality.slice(2)) > 0;
  }
  return false;
}
