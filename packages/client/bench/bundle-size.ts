// The size of the client as an application ships it: dist/index.js bundled with everything it
// imports (openapi-fetch, SPEC_VERSION from @d360-messaging/types, KeyFormatError from
// @d360-messaging/keys/errors), minified for a runtime-neutral ESM target with code splitting,
// each output file gzipped on its own (as a server sends them). The key parser that
// `setBusinessPublicKey` imports on first use (@d360-messaging/keys/public-key) lands in a chunk
// of its own, loaded only when a key is uploaded; it is measured separately. Shared by
// `pnpm bench` and the size test.
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";

/** Bytes of the bundled, minified client (gzip level 9). */
export interface BundleSize {
  /** The entry and every chunk it imports statically: what loads before the first request. */
  entry: { minified: number; gzip: number };
  /** Chunks imported with `import()` (the key parser), loaded on first use. */
  lazy: { minified: number; gzip: number };
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
  const entry = Object.keys(outputs).find((name) => outputs[name]?.entryPoint !== undefined);
  // Walk the static imports from the entry; everything else is lazy.
  const eager = new Set<string>();
  const visit = (name: string): void => {
    if (eager.has(name)) return;
    eager.add(name);
    for (const imported of outputs[name]?.imports ?? []) {
      if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
    }
  };
  if (entry) visit(entry);
  const size = { entry: { minified: 0, gzip: 0 }, lazy: { minified: 0, gzip: 0 } };
  for (const [name, contents] of files) {
    if (!name.endsWith(".js")) continue;
    const bucket = eager.has(name) ? size.entry : size.lazy;
    bucket.minified += contents.byteLength;
    bucket.gzip += gzipSync(contents, { level: 9 }).byteLength;
  }
  return size;
}
