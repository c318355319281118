// Runs inside the consumer project as CommonJS: Node >= 20.19 can require() an
// ES module as long as it has no top-level await. Each package README promises
// that, so each package is required here, not only the client.
// argv[2]: JSON [{ specifier, expect: [name…] }]. Prints a JSON report.

const entries = JSON.parse(process.argv[2]);
const failures = [];

for (const { specifier, expect } of entries) {
  let mod;
  try {
    mod = require(specifier);
  } catch (error) {
    const hint =
      error?.code === "ERR_REQUIRE_ASYNC_MODULE"
        ? " (the module graph has top-level await, which require() cannot load)"
        : error?.code === "ERR_REQUIRE_ESM"
          ? " (this Node cannot require() ESM: need >= 20.19)"
          : "";
    failures.push(
      `require("${specifier}") failed: ${error?.code ?? ""} ${error?.message ?? error}${hint}`,
    );
    continue;
  }
  for (const name of expect) {
    if (mod[name] === undefined) failures.push(`require("${specifier}").${name} is undefined`);
  }
}

process.stdout.write(JSON.stringify({ failures }));
