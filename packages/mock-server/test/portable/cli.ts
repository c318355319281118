// Entry for runtimes with a command line (Node, Deno, Bun): prints one line the driver parses.
import { type PortableVector, runChecks } from "./checks.js";

declare const MOCK_VECTOR: PortableVector | null;

console.log(`MOCK_CHECKS ${JSON.stringify(await runChecks(MOCK_VECTOR))}`);
