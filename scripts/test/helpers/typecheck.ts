import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "../../lib/layout.js";

/**
 * Type-checks `code` as a module of the client in a repository copy made by `copyRepo`: the
 * copy's (regenerated) types and client sources, the real keys sources and openapi-fetch.
 * Resolves to the diagnostics as `line: message` strings; empty when it compiles.
 */
export async function typecheckClient(root: string, code: string): Promise<string[]> {
  const client = path.join(root, "packages/client");
  // openapi-fetch and the other registry packages, as installed for the real client.
  await symlink(
    path.join(REPO_ROOT, "packages/client/node_modules"),
    path.join(client, "node_modules"),
    "dir",
  ).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  const file = path.join(client, "typecheck", "check.ts");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, code);
  const keys = path.join(REPO_ROOT, "packages/keys/src");
  const program = ts.createProgram([file], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    paths: {
      "@d360-messaging/types": [path.join(root, "packages/types/src/index.ts")],
      "@d360-messaging/keys/public-key": [path.join(keys, "public-key-entry.ts")],
      "@d360-messaging/keys/errors": [path.join(keys, "errors.ts")],
    },
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where =
      diagnostic.file && diagnostic.start !== undefined
        ? `${path.relative(root, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1}: `
        : "";
    return `${where}${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
  });
}

/**
 * Type-checks a set of self-contained modules (file name → source) written to a scratch
 * directory; strict, no libraries but ES2023 and the DOM. Resolves to the diagnostics as
 * `file:line: message` strings; empty when everything compiles.
 */
export async function typecheckModules(files: Record<string, string>): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), "d360-tsc-"));
  try {
    for (const [name, code] of Object.entries(files)) {
      await writeFile(path.join(dir, name), code);
    }
    return typecheckFiles(
      Object.keys(files).map((name) => path.join(dir, name)),
      dir,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Diagnostics of a strict `tsc --noEmit` over `files`, as `file:line: message` relative to `base`. */
export function typecheckFiles(files: readonly string[], base: string): string[] {
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where =
      diagnostic.file && diagnostic.start !== undefined
        ? `${path.relative(base, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1}: `
        : "";
    return `${where}${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
  });
}
