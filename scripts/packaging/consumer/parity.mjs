// Runs inside the consumer project with its own TypeScript: for each public entry
// and each way a consumer's compiler resolves it, the value exports the types
// declare must be the value exports the JavaScript actually has. A mismatch is an
// `exports` map whose "types" points at the wrong build (a function the types
// promise that throws "not a function" at runtime, or one the types hide).
// argv[2]: JSON [{ specifier, runtime: { node16: [name…], bundler: [name…] } }]:
// node16 pairs with the `node` build, bundler with the `default` build (what a
// bundler targeting the web or Workers picks).

import { mkdirSync, writeFileSync } from "node:fs";
import ts from "typescript";

const entries = JSON.parse(process.argv[2]);
const modes = {
  node16: { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 },
  bundler: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
};

mkdirSync("parity", { recursive: true });
const probe = "parity/probe.ts";
writeFileSync(
  probe,
  entries
    .map(
      (entry, i) =>
        `import * as m${i} from ${JSON.stringify(entry.specifier)};\nexport { m${i} };\n`,
    )
    .join(""),
);

function isTypeOnlyExport(symbol) {
  return (symbol.declarations ?? []).some(
    (decl) => ts.isExportSpecifier(decl) && (decl.isTypeOnly || decl.parent.parent.isTypeOnly),
  );
}

const failures = [];
for (const [mode, options] of Object.entries(modes)) {
  const program = ts.createProgram([probe], {
    ...options,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
  });
  const checker = program.getTypeChecker();
  const imports = program.getSourceFile(probe).statements.filter(ts.isImportDeclaration);
  imports.forEach((decl, i) => {
    const { specifier, runtime } = entries[i];
    const moduleSymbol = checker.getSymbolAtLocation(decl.moduleSpecifier);
    if (!moduleSymbol) {
      failures.push(`${mode}: TypeScript cannot resolve types for "${specifier}"`);
      return;
    }
    const typed = checker
      .getExportsOfModule(moduleSymbol)
      .filter((symbol) => {
        if (isTypeOnlyExport(symbol)) return false;
        const target =
          symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        return (target.flags & ts.SymbolFlags.Value) !== 0;
      })
      .map((symbol) => symbol.name);
    const actual = runtime[mode];
    const missingAtRuntime = typed.filter((name) => !actual.includes(name));
    const missingInTypes = actual.filter((name) => !typed.includes(name));
    if (missingAtRuntime.length > 0) {
      failures.push(
        `${mode}: "${specifier}" types declare ${missingAtRuntime.join(", ")} but the JavaScript a ${mode} consumer runs does not export it`,
      );
    }
    if (missingInTypes.length > 0) {
      failures.push(
        `${mode}: "${specifier}" exports ${missingInTypes.join(", ")} at runtime but its types (as ${mode} resolves them) do not declare it`,
      );
    }
  });
}

process.stdout.write(JSON.stringify({ failures }));
