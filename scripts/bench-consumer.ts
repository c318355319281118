/**
 * `pnpm bench` (its consumer part). What a consumer's type-check costs: a file that calls generated methods of a client, checked
 * by the real `tsc --noEmit --extendedDiagnostics` (its time and TypeScript's instantiation
 * count). Used by `pnpm bench` (scripts/bench-generate.ts) on the client generated from Meta's
 * complete document and on the repository's own client, and by the generality test
 * (scripts/test/generality.test.ts) for "the generated client compiles".
 */
import { execFile } from "node:child_process";
import { cp, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { metaWorkspace } from "./bench-generate.js";
import { isJsonObject, type JsonObject } from "./lib/json.js";
import { inRoot, LAYOUT, REPO_ROOT } from "./lib/layout.js";
import { parseDocument } from "./lib/load.js";
import { camelCase, listOperations } from "./lib/operations.js";
import { type GeneratedFiles, generateInMemory } from "./lib/pipeline.js";

/** One generated method: `client.<namespace>.<key>(…)`. */
export interface ClientMethod {
  /** The operation's first tag, as the spec names it. */
  tag: string;
  namespace: string;
  key: string;
  operationId: string;
  method: string;
  path: string;
}

/** The client's methods for an effective spec, named the way scripts/lib/render-client.ts names them. */
export function clientMethods(spec: JsonObject): ClientMethod[] {
  const paths = isJsonObject(spec.paths) ? spec.paths : {};
  return listOperations(spec).map((op) => {
    const item = paths[op.path] as JsonObject;
    const tags = (item[op.method.toLowerCase()] as JsonObject).tags;
    const tag = Array.isArray(tags) && typeof tags[0] === "string" ? tags[0] : "";
    return { tag, namespace: camelCase(tag), ...op };
  });
}

/**
 * A consumer module calling each of `methods` with arguments of its exact parameter types and
 * reading the result, as application code does (`import` from `from`).
 */
export function consumerCode(methods: readonly ClientMethod[], from: string): string {
  const calls = methods.map(({ namespace, key }, i) => {
    const method = `client.${namespace}.${key}`;
    return [
      `declare const args${i}: Parameters<typeof ${method}>;`,
      `export const result${i}: Awaited<ReturnType<typeof ${method}>> = await ${method}(...args${i});`,
    ].join("\n");
  });
  return [
    `import { createD360Client } from ${JSON.stringify(from)};`,
    "",
    `const client = createD360Client({ apiKey: "k" });`,
    ...calls,
    "",
  ].join("\n");
}

/** A scratch workspace with a client generated from Meta's document; `dispose()` deletes it. */
export interface MetaClientWorkspace {
  root: string;
  /** What `generate` rendered, by repo-relative path (also written under `root`). */
  files: GeneratedFiles;
  /** The effective spec (spec/openapi.json). */
  spec: JsonObject;
  dispose: () => Promise<void>;
}

/**
 * {@link metaWorkspace} with everything generated written out, beside the client's hand-written
 * sources (without src/extensions/ and src/index.ts: the extensions add behaviour to 360dialog's
 * encryption operations, which Meta's document names differently) and a types entry that
 * re-exports the generated `paths`, `operations` and `components`. The hand-written readable
 * aliases the client uses (`ErrorResponse`: 360dialog's `utils.ErrorResp`, which Meta's document
 * does not have) come from the repository's types as they are.
 */
export async function metaClientWorkspace(): Promise<MetaClientWorkspace> {
  const workspace = await metaWorkspace();
  try {
    const files = await generateInMemory(workspace.root);
    const client = inRoot(workspace.root, "packages/client/src");
    await cp(inRoot(REPO_ROOT, "packages/client/src"), client, {
      recursive: true,
      filter: (source) =>
        !source.includes(`${path.sep}generated`) &&
        !source.includes(`${path.sep}extensions`) &&
        path.basename(source) !== "index.ts" &&
        !source.endsWith(".test.ts"),
    });
    for (const [file, text] of files) {
      await mkdir(path.dirname(inRoot(workspace.root, file)), { recursive: true });
      await writeFile(inRoot(workspace.root, file), text);
    }
    const aliases = inRoot(REPO_ROOT, "packages/types/src/aliases.js");
    await writeFile(
      inRoot(workspace.root, "packages/types/src/index.ts"),
      [
        `export type { components, operations, paths } from "./generated/schema.js";`,
        `export { SPEC_VERSION } from "./generated/version.js";`,
        `export type * from ${JSON.stringify(aliases)};`,
        "",
      ].join("\n"),
    );
    const spec = JSON.parse(files.get(LAYOUT.effectiveSpec) ?? "{}") as JsonObject;
    return { ...workspace, files, spec };
  } catch (error) {
    await workspace.dispose();
    throw error;
  }
}

/** The client's installed packages (openapi-fetch, keys, types), linked into a copy's client. */
export async function linkClientModules(root: string): Promise<void> {
  await symlink(
    inRoot(REPO_ROOT, "packages/client/node_modules"),
    inRoot(root, "packages/client/node_modules"),
    "dir",
  ).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
}

/**
 * A tsconfig (without its files) that checks the client's sources under `root` as the
 * repository does: its base options, bundler resolution, `@d360-messaging/types` mapped to
 * `root`'s types sources.
 */
export function clientTsconfig(root: string) {
  return {
    extends: inRoot(REPO_ROOT, "tsconfig.base.json"),
    compilerOptions: {
      noEmit: true,
      module: "ESNext",
      moduleResolution: "Bundler",
      types: [],
      paths: { "@d360-messaging/types": [inRoot(root, "packages/types/src/index.ts")] },
    },
  };
}

/** What `tsc --noEmit --extendedDiagnostics` reported for one consumer file. */
export interface ConsumerCheck {
  /** Diagnostics (empty when it compiles). */
  errors: string[];
  /** "Instantiations" of --extendedDiagnostics. */
  instantiations: number;
  /** "Check time" of --extendedDiagnostics, in seconds. */
  checkSeconds: number;
  /** "Total time" of --extendedDiagnostics, in seconds. */
  totalSeconds: number;
}

/**
 * Type-checks `code` as `packages/client/consumer/consumer.ts` under `root` (a repository or a
 * scratch workspace with packages/client/src and packages/types/src) with the real `tsc`
 * (strict, the repository's base options, bundler resolution), `@d360-messaging/types` mapped to
 * `root`'s types sources, the rest resolved from the repository's installed packages.
 */
export async function checkConsumer(root: string, code: string): Promise<ConsumerCheck> {
  const dir = inRoot(root, "packages/client/consumer");
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  try {
    if (root !== REPO_ROOT) await linkClientModules(root);
    await writeFile(path.join(dir, "consumer.ts"), code);
    const tsconfig = { ...clientTsconfig(root), files: ["consumer.ts"] };
    await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
    const tsc = inRoot(REPO_ROOT, "node_modules/typescript/bin/tsc");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [tsc, "-p", path.join(dir, "tsconfig.json"), "--extendedDiagnostics", "--pretty", "false"],
      { maxBuffer: 64 * 1024 * 1024 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));
    const number = (label: string) =>
      Number(new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(stdout)?.[1] ?? Number.NaN);
    const errors = stdout
      .split("\n")
      .filter((line) => /error TS\d+/.test(line))
      .map((line) => line.replace(root, "."));
    return {
      errors,
      instantiations: number("Instantiations"),
      checkSeconds: number("Check time"),
      totalSeconds: number("Total time"),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Twenty methods spread over `methods` (every n-th), as a consumer that uses many tags would call. */
export function twentyMethods(methods: readonly ClientMethod[]): ClientMethod[] {
  const step = Math.max(1, Math.floor(methods.length / 20));
  return methods.filter((_, i) => i % step === 0).slice(0, 20);
}

/** A consumer's check with no calls (the client's own cost) and with `methods` called. */
async function measure(root: string, methods: readonly ClientMethod[], from: string) {
  const base = await checkConsumer(root, consumerCode([], from));
  const calls = await checkConsumer(root, consumerCode(methods, from));
  for (const check of [base, calls]) {
    if (check.errors.length > 0)
      throw new Error(`the consumer does not compile:\n${check.errors.join("\n")}`);
  }
  return { calls, perCall: (calls.instantiations - base.instantiations) / methods.length };
}

/**
 * Prints `tsc --noEmit --extendedDiagnostics` of a consumer calling 20 methods of the client
 * generated from Meta's document beside today's consumer check (a consumer calling every method
 * of the repository's own client), and their ratios (issue 19: within 1.5×). The consumer
 * compiles the client's sources, so the totals include checking the generated tag files
 * themselves; the instantiations each call adds are printed apart.
 */
async function main(): Promise<void> {
  const meta = await metaClientWorkspace();
  let grown: Awaited<ReturnType<typeof measure>>;
  try {
    grown = await measure(meta.root, twentyMethods(clientMethods(meta.spec)), "../src/client.js");
  } finally {
    await meta.dispose();
  }
  const own = clientMethods(
    parseDocument(await readFile(inRoot(REPO_ROOT, LAYOUT.effectiveSpec), "utf8"), "openapi.json"),
  );
  const today = await measure(REPO_ROOT, own, "../src/index.js");
  const line = (label: string, { calls, perCall }: typeof grown) =>
    console.log(
      `tsc --noEmit of a consumer calling ${label}: ${calls.totalSeconds.toFixed(2)} s ` +
        `(check ${calls.checkSeconds.toFixed(2)} s), ${calls.instantiations.toLocaleString("en")} instantiations, ` +
        `${perCall.toFixed(0)} per call`,
    );
  line("20 methods of the client generated from Meta's document", grown);
  line(`all ${own.length} methods of the repository's client (today's consumer check)`, today);
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  console.log(
    `consumer type-check, Meta's client / today's: time ${ratio(grown.calls.totalSeconds, today.calls.totalSeconds)}, ` +
      `instantiations ${ratio(grown.calls.instantiations, today.calls.instantiations)}, ` +
      `per call ${ratio(grown.perCall, today.perCall)} (target: within 1.5×)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
