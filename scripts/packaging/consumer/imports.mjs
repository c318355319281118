// Runs inside the throwaway consumer project: imports every public entry the way
// a Node ESM consumer would (through the package's `exports`, so the `node`
// condition applies) and checks the named exports the docs promise.
// argv[2]: JSON [{ specifier, expect: [name…] }]. Prints one line per failure.

const entries = JSON.parse(process.argv[2]);
const failures = [];
const names = {};

for (const { specifier, expect } of entries) {
  let mod;
  try {
    mod = await import(specifier);
  } catch (error) {
    failures.push(`import("${specifier}") failed: ${error?.code ?? ""} ${error?.message ?? error}`);
    continue;
  }
  const exported = Object.keys(mod).sort();
  names[specifier] = exported;
  if (exported.length === 0) failures.push(`import("${specifier}") has no named exports`);
  for (const name of expect) {
    if (!(name in mod)) failures.push(`import("${specifier}") has no export "${name}"`);
    else if (mod[name] === undefined) failures.push(`import("${specifier}").${name} is undefined`);
  }
}

process.stdout.write(JSON.stringify({ failures, names }));
