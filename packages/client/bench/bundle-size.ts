// The size of the client as an application ships it: dist/index.js bundled with everything it
// imports (openapi-fetch, SPEC_VERSION from @d360-messaging/types, KeyFormatError from
// @d360-messaging/keys/errors), minified for a runtime-neutral ESM target with code splitting,
// each output file gzipped on its own (as a server sends them). The key parser that
// `setBusinessPublicKey` imports on first use (@d360-messaging/keys/public-key) lands in a chunk
// of its own, loaded only when a key is uploaded, and is measured separately. Shared by
// `pnpm bench` and the size test.
//
// The per-operation cost (the slope) is measured by bundling again with synthetic operations
// added to the generated table and a tag's factory, in the shape the generator emits for an
// operation without an extension (scripts/lib/render-client.ts).
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { build, type Metafile, type Plugin } from "esbuild";
import { OPERATIONS } from "../src/generated/operations.js";

/** Bytes of the bundled, minified client (gzip level 9). */
export interface BundleSize {
  /** The entry and every chunk it imports statically: what loads before the first request. */
  entry: { minified: number; gzip: number };
  /** What `import()` of the key parser loads (first `setBusinessPublicKey`), beyond the entry. */
  lazy: { minified: number; gzip: number };
  /** What `import()` of src/media/lazy.ts loads (first media upload or download, first `markAsRead`), beyond the entry. */
  media: { minified: number; gzip: number };
}

/** Operations in the generated table today. */
export const OPERATION_COUNT = Object.keys(OPERATIONS).length;

/** Bundle `dist/index.js` (build the package first) and measure it; `extra` synthetic operations added. */
export async function bundleSize(extra = 0): Promise<BundleSize> {
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
    plugins: extra ? [synthetic(extra)] : [],
  });
  const files = new Map(
    result.outputFiles.map((f) => [f.path.slice(f.path.lastIndexOf("out/")), f.contents]),
  );
  const outputs = result.metafile.outputs as Metafile["outputs"];
  const entry = Object.keys(outputs).find((name) =>
    outputs[name]?.entryPoint?.endsWith("dist/index.js"),
  );
  // The files the entry loads, through its static imports.
  const walk = (start: string | undefined, into = new Set<string>()): Set<string> => {
    if (start === undefined || into.has(start)) return into;
    into.add(start);
    for (const imported of outputs[start]?.imports ?? []) {
      if (imported.kind === "import-statement" && !imported.external) walk(imported.path, into);
    }
    return into;
  };
  const eager = walk(entry);
  const size = {
    entry: { minified: 0, gzip: 0 },
    lazy: { minified: 0, gzip: 0 },
    media: { minified: 0, gzip: 0 },
  };
  // A chunk loaded later belongs to the key parser when it holds code of @d360-messaging/keys,
  // else to the media chunk.
  const isKeys = (name: string) =>
    Object.keys(outputs[name]?.inputs ?? {}).some((input) => /keys[\\/]dist/.test(input));
  for (const [name, contents] of files) {
    if (!name.endsWith(".js")) continue;
    const bucket = eager.has(name) ? size.entry : isKeys(name) ? size.lazy : size.media;
    bucket.minified += contents.byteLength;
    bucket.gzip += gzipSync(contents, { level: 9 }).byteLength;
  }
  return size;
}

/**
 * The entry's gzip bytes per generated operation (from `extra` synthetic ones), and the fixed
 * cost: today's entry less today's operations at that slope.
 */
export async function sizeSlope(
  extra = 40,
): Promise<{ fixed: number; slope: number; entry: number }> {
  const [now, grown] = await Promise.all([bundleSize(), bundleSize(extra)]);
  const slope = (grown.entry.gzip - now.entry.gzip) / extra;
  return { fixed: now.entry.gzip - slope * OPERATION_COUNT, slope, entry: now.entry.gzip };
}

const WORDS = [
  "send",
  "get",
  "list",
  "delete",
  "update",
  "create",
  "retrieve",
  "mark",
  "media",
  "template",
  "message",
  "flow",
  "phone",
  "number",
  "profile",
  "webhook",
  "group",
  "session",
  "upload",
  "business",
  "catalog",
  "product",
  "invite",
  "participant",
  "setting",
  "block",
  "user",
];

/** `count` generated operations without extensions, with varied names, paths and parameters. */
function synthetic(count: number): Plugin {
  const word = (n: number) => WORDS[n % WORDS.length] as string;
  const ops = Array.from({ length: count }, (_, i) => {
    const parts = [word(i * 7 + 1), word(i * 3 + 5), word(i * 11 + 2)];
    const id = parts.join("-");
    const key = parts.map((p, j) => (j ? p[0]?.toUpperCase() + p.slice(1) : p)).join("") + i;
    const path = `/${parts[1]}s_${i}/{${parts[2]}_id}`;
    return {
      id,
      key,
      path,
      method: ["GET", "POST", "DELETE", "PATCH"][i % 4] as string,
      param: `${parts[2]}_id`,
    };
  });
  return {
    name: "synthetic-operations",
    setup(b) {
      b.onLoad({ filter: /dist[\\/]generated[\\/](operations|encryption)\.js$/ }, async (args) => {
        let text = await readFile(args.path, "utf8");
        if (args.path.endsWith("operations.js")) {
          const rows = ops.map(
            (o) =>
              `    ${o.key}: { operationId: ${JSON.stringify(o.id)}, method: "${o.method}", path: "${o.path}", idempotent: ${o.method === "GET"}, query: ["fields"], pathParams: ["${o.param}"], header: [], body: ${o.method === "POST" ? '"application/json"' : "null"}, json: true },`,
          );
          text = text.replace(
            "export const OPERATIONS = {",
            `export const OPERATIONS = {\n${rows.join("\n")}`,
          );
        } else {
          const methods = ops.map(
            (o) => `        ${o.key}: operationMethod(call, OPERATIONS.${o.key}),`,
          );
          text = `import { operationMethod as operationMethod } from "../operation/call.js";\n${text.replace(
            /return \{/,
            `return {\n${methods.join("\n")}`,
          )}`;
        }
        return { contents: text, loader: "js" };
      });
    },
  };
}
