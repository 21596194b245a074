// The command line bundled into one file, dist/cli.mjs, built when missing or older than its sources:
// a start then loads one module instead of transpiling ~300 TypeScript files through tsx's hooks.
import { randomUUID } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(ROOT, "dist");
export const BUNDLE = join(DIST, "cli.mjs");
// The bundle's first line lists its inputs and when it was built: in the file it describes, renamed
// into place with it, so that concurrent builds cannot pair one's list with another's bundle.
const MANIFEST = "// stemedb bundle ";
// Besides the inputs, what changes how they are bundled.
const SETTINGS = ["package.json", "tsconfig.json", "bin/dist.js"];
// Packages stay in node_modules (lmdb and better-sqlite3 are native, esbuild and pino find files
// beside their code) except these: pure ESM, used only by src/; typebox loads ~700 small files, and
// bundled the server answers ~150 ms sooner. Their one other import, ajv-formats, is a peer
// dependency, so npm installs it at the top of node_modules, where dist/ finds it.
const BUNDLED_PACKAGES = new Set(["typebox", "@fastify/type-provider-typebox"]);
// Installed as a package, the bundle it shipped with is current: nobody edits the sources there,
// and unpacking gave every file a newer mtime than the bundle's build.
const INSTALLED = ROOT.split(sep).includes("node_modules");

/**
 * `main` of src/cli/main.ts: from the bundle, built first if it is missing or stale, or through
 * tsx when it cannot be built (esbuild missing, dist/ not writable), so the commands always run.
 */
export async function loadMain() {
  const bundle = await ensureDist();
  if (bundle !== undefined) return (await import(pathToFileURL(bundle).href)).main;
  const { register } = await import("tsx/esm/api");
  register();
  return (await import("../src/cli/main.ts")).main;
}

/** The path of dist/cli.mjs, built first if it is missing or stale; undefined if it cannot be built. */
export async function ensureDist() {
  const current = INSTALLED ? existsSync(BUNDLE) : isFresh();
  if (current) return BUNDLE;
  try {
    return await buildDist();
  } catch {
    return undefined;
  }
}

/**
 * Whether dist/cli.mjs matches the sources: every file in the manifest still exists and none was
 * modified since the build started. A source file added is an input only once an input imports
 * it, and that import changes the importer.
 */
export function isFresh() {
  let manifest;
  try {
    const bytes = readFileSync(BUNDLE);
    const line = bytes.toString("utf8", 0, Math.max(bytes.indexOf("\n"), 0));
    if (!line.startsWith(MANIFEST)) return false;
    manifest = JSON.parse(line.slice(MANIFEST.length));
  } catch {
    return false; // Missing, or not a bundle this code wrote.
  }
  return manifest.inputs.every((file) => {
    const stat = statSync(join(ROOT, file), { throwIfNoEntry: false });
    return stat !== undefined && stat.mtimeMs < manifest.builtAt;
  });
}

/**
 * Bundles src/cli/main.ts into dist/cli.mjs (with a linked source map, which Node reads only with
 * --enable-source-maps) and returns its path. Files are written under temporary names and renamed,
 * so a process starting meanwhile never reads half a file.
 */
export async function buildDist() {
  const { build, stop } = await import("esbuild");
  mkdirSync(DIST, { recursive: true });
  const id = randomUUID();
  const temp = (file) => `${file}.${id}.tmp`;
  // The build time is the file system's own clock, as are the inputs' mtimes: Date.now() can be
  // ahead of the coarse clock that stamps files, and a file saved just after would look older.
  writeFileSync(temp(BUNDLE), "");
  const builtAt = statSync(temp(BUNDLE)).mtimeMs;
  try {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: ["src/cli/main.ts"],
      outfile: BUNDLE,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      sourcemap: "linked",
      // A line for the manifest, known once the build is done: replaced then, the map still fits.
      banner: { js: MANIFEST },
      plugins: [externalPackages],
      metafile: true,
      write: false,
      logLevel: "silent",
    });
    // A package changes as a whole, package.json included: that one file stands for its files.
    const packaged = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+\/).+$/;
    const sources = Object.keys(result.metafile.inputs).map((file) =>
      file.replace(packaged, "$1package.json"),
    );
    const inputs = [...new Set(sources), ...SETTINGS.filter((file) => existsSync(join(ROOT, file)))];
    const manifest = MANIFEST + JSON.stringify({ builtAt, inputs });
    const output = (path) => result.outputFiles.find((file) => file.path === path).text;
    const code = output(BUNDLE);
    const publish = (file, text) => {
      writeFileSync(temp(file), text);
      renameSync(temp(file), file);
    };
    // The map first: a bundle never points at a map that is not there yet.
    publish(`${BUNDLE}.map`, output(`${BUNDLE}.map`));
    publish(BUNDLE, manifest + code.slice(code.indexOf("\n")));
    removeAbandoned(builtAt);
    return BUNDLE;
  } finally {
    rmSync(temp(BUNDLE), { force: true });
    // esbuild keeps a helper process for later builds; the server should not keep it idle.
    await stop();
  }
}

/** Every package import left to node_modules, but for BUNDLED_PACKAGES. */
const externalPackages = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path, kind }) => {
      const name = path.split("/", path.startsWith("@") ? 2 : 1).join("/");
      return kind === "entry-point" || BUNDLED_PACKAGES.has(name) ? undefined : { path, external: true };
    });
  },
};

/** Removes temporary files that builds killed midway left behind (older than 10 minutes). */
function removeAbandoned(now) {
  for (const name of readdirSync(DIST)) {
    const file = join(DIST, name);
    if (
      name.endsWith(".tmp") &&
      (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? now) < now - 600_000
    ) {
      rmSync(file, { force: true });
    }
  }
}
