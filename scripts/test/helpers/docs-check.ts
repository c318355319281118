import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { promisify } from "node:util";
import { clientTsconfig, linkClientModules } from "../../bench-consumer.js";
import { inRoot, REPO_ROOT } from "../../lib/layout.js";

/**
 * `pnpm docs:check` for the client of a repository copy (`copyRepo`): the real typedoc with the
 * repository's package options (typedoc.json's `packageOptions`: `notExported`, `notDocumented`,
 * the kinds that must be documented) and the client's own typedoc.json, warnings as errors, on
 * the copy's (regenerated) sources with `@d360-messaging/types` mapped to the copy's types.
 * This is the check that caught a public signature naming the unexported `Empty` (issue 19).
 * Resolves to typedoc's warnings and errors; empty when it passes.
 */
export async function docsCheckClient(root: string): Promise<string[]> {
  const client = inRoot(root, "packages/client");
  await linkClientModules(root);
  const rootOptions = JSON.parse(await readFile(inRoot(REPO_ROOT, "typedoc.json"), "utf8"));
  const clientOptions = JSON.parse(
    await readFile(inRoot(REPO_ROOT, "packages/client/typedoc.json"), "utf8"),
  );
  const {
    tsconfig: _tsconfig,
    includeVersion: _v,
    sourceLinkTemplate: _s,
    ...packageOptions
  } = rootOptions.packageOptions;
  await writeFile(
    path.join(client, "tsconfig.docs.json"),
    JSON.stringify({
      ...clientTsconfig(root),
      include: ["src"],
      exclude: ["src/**/*.test.ts"],
    }),
  );
  await writeFile(
    path.join(client, "typedoc.docs.json"),
    JSON.stringify({
      ...packageOptions,
      ...clientOptions,
      $schema: undefined,
      tsconfig: "tsconfig.docs.json",
      emit: "none",
      treatValidationWarningsAsErrors: true,
      disableGit: true,
      sourceLinkTemplate: "https://example.invalid/{path}#L{line}",
    }),
  );
  const typedoc = inRoot(REPO_ROOT, "node_modules/typedoc/bin/typedoc");
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [typedoc, "--options", "typedoc.docs.json", "--logLevel", "Warn"],
    { cwd: client, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } },
  ).catch((error: { stdout?: string; stderr?: string }) => ({
    stdout: error.stdout ?? String(error),
    stderr: error.stderr ?? "",
  }));
  // The types' sources are read as source here (the real run reads them as the types package),
  // so openapi-typescript's JSDoc tags (`@description`, `@enum`) show as unknown tags: not one
  // of docs:check's validations, left out like the count line.
  return `${stdout}\n${stderr}`
    .split("\n")
    .filter((line) => /\[(warning|error)\]/.test(line))
    .filter((line) => !/unknown block tag|Found \d+ errors and \d+ warnings/.test(line))
    .map((line) => line.replaceAll(root, "."));
}
