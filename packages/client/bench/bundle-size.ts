// The size of the client as an application ships it: dist/index.js bundled with everything it
// imports (openapi-fetch, SPEC_VERSION from @d360-messaging/types, KeyFormatError from
// @d360-messaging/keys/errors), minified for a runtime-neutral ESM target with code splitting,
// each output file gzipped on its own (as a server sends them). The key parser that
// `setBusinessPublicKey` imports on first use (@d360-messaging/keys/public-key) lands in a chunk
// of its own, loaded only when a key is uploaded; the failure handling (src/failure/index.ts) is
// another, loaded in the background when a client is created and used only when something goes
// wrong. Both are measured separately. Shared by `pnpm bench` and the size test.
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";

/** Bytes of the bundled, minified client (gzip level 9). */
export interface BundleSize {
  /** The entry and every chunk it imports statically: what loads before the first request. */
  entry: { minified: number; gzip: number };
  /** What `import()` of the key parser loads (first `setBusinessPublicKey`), beyond the entry. */
  lazy: { minified: number; gzip: number };
  /** What `import()` of the failure handling loads (src/failure/index.ts), beyond the entry. */
  failure: { minified: number; gzip: number };
}

/** Bundle `dist/index.js` (build the package first) and measure it. */
export async function bundleSize(): Promise<BundleSize> {
  const result = await build({
    entryPoints: [new URL("../dist/index.js", import.meta.url).pathname],
    bundle: true,
    minify: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    // Neutral has no default main fields; these are what bundlers for browsers and Workers use.
    mainFields: ["module", "main"],
    target: "es2022",
    outdir: "out",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const files = new Map(
    result.outputFiles.map((f) => [f.path.slice(f.path.lastIndexOf("out/")), f.contents]),
  );
  const outputs = result.metafile.outputs as Metafile["outputs"];
  // Entry points as the metafile names them: relative to the working directory.
  const from = (suffix: string) =>
    Object.keys(outputs).find((name) => outputs[name]?.entryPoint?.endsWith(suffix));
  const entry = from("dist/index.js");
  // The files a start file loads, through its static imports.
  const walk = (start: string | undefined, into = new Set<string>()): Set<string> => {
    if (start === undefined || into.has(start)) return into;
    into.add(start);
    for (const imported of outputs[start]?.imports ?? []) {
      if (imported.kind === "import-statement" && !imported.external) walk(imported.path, into);
    }
    return into;
  };
  const eager = walk(entry);
  // What the failure handling loads beyond the entry; everything else is the key parser.
  const failure = walk(from("dist/failure/index.js"));
  const size = {
    entry: { minified: 0, gzip: 0 },
    lazy: { minified: 0, gzip: 0 },
    failure: { minified: 0, gzip: 0 },
  };
  for (const [name, contents] of files) {
    if (!name.endsWith(".js")) continue;
    const bucket = eager.has(name) ? size.entry : failure.has(name) ? size.failure : size.lazy;
    bucket.minified += contents.byteLength;
    bucket.gzip += gzipSync(contents, { level: 9 }).byteLength;
  }
  return size;
}
