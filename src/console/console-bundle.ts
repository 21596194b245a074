import { createHash } from "node:crypto";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build, stop } from "esbuild";
import { projectRoot } from "../project-root.ts";

/** One built file of the console, ready to serve. */
export interface ConsoleAsset {
  /** The file name with its content hash, e.g. `app-3f2a….js`; its URL never serves other bytes. */
  readonly name: string;
  readonly contentType: string;
  readonly body: Buffer;
  /** The same bytes gzipped, for clients that accept it. */
  readonly gzipped: Buffer;
}

/** The console's script and stylesheet. */
export interface ConsoleBundle {
  readonly script: ConsoleAsset;
  readonly styles: ConsoleAsset;
}

const UI_DIR = join(projectRoot(import.meta.url), "src", "console", "ui");

/**
 * Bundles the console's browser code (`ui/main.ts` and everything it imports, the SDK included)
 * and its stylesheet with esbuild, minified, for browsers of the last few years. Each asset is
 * named after a hash of its bytes, so it can be cached for good.
 *
 * @example
 * ```ts
 * const { script, styles } = await bundleConsole();
 * console.log(script.name, script.body.length, script.gzipped.length);
 * ```
 */
export async function bundleConsole(): Promise<ConsoleBundle> {
  try {
    const result = await build({
      entryPoints: [
        { in: join(UI_DIR, "main.ts"), out: "app" },
        { in: join(UI_DIR, "styles.css"), out: "app" },
      ],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: ["es2022", "chrome111", "firefox115", "safari16.4"],
      outdir: "console",
      write: false,
      logLevel: "silent",
      legalComments: "none",
    });
    const file = (extension: string): Buffer => {
      const found = result.outputFiles.find((output) => output.path.endsWith(extension));
      if (found === undefined)
        throw new Error(`Cannot bundle the console: esbuild made no ${extension} file`);
      return Buffer.from(found.contents);
    };
    return {
      script: asset("app", ".js", "text/javascript; charset=utf-8", file(".js")),
      styles: asset("app", ".css", "text/css; charset=utf-8", file(".css")),
    };
  } finally {
    // esbuild's JS API keeps a helper process for later builds; the console builds once, so
    // end it now rather than leave it idle beside the server (a later build starts a new one).
    await stop();
  }
}

function asset(base: string, extension: string, contentType: string, body: Buffer): ConsoleAsset {
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 16);
  return { name: `${base}-${hash}${extension}`, contentType, body, gzipped: gzipSync(body, { level: 9 }) };
}
