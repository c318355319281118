#!/usr/bin/env node
// `d360-runtime deno …` / `d360-runtime bun …`: runs a binary from tools/runtimes (for package
// scripts such as `deno test`), or says how to install it.
import { spawnSync } from "node:child_process";
import { RuntimeMissingError, runtimeBin } from "./index.js";

const [name, ...args] = process.argv.slice(2);
let execPath;
try {
  execPath = runtimeBin(name);
} catch (error) {
  if (!(error instanceof RuntimeMissingError) && !(error instanceof TypeError)) throw error;
  console.error(`d360-runtime: ${error.message}`);
  process.exit(1);
}
const result = spawnSync(execPath, args, { stdio: "inherit" });
if (result.error) throw result.error;
process.exit(result.status ?? 1);
