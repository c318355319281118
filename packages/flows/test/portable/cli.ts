// Entry for runtimes with a command line (Node, Deno, Bun): prints one line the driver parses.
import { type PortableVector, runChecks } from "./checks.js";

declare const FLOWS_VECTOR: PortableVector | null;

console.log(`FLOWS_CHECKS ${JSON.stringify(await runChecks(FLOWS_VECTOR))}`);
