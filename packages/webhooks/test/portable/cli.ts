// Entry for runtimes with a command line (Node, Deno, Bun): prints one line the driver parses.
import { type PortableVector, runChecks } from "./checks.js";

declare const WEBHOOKS_VECTOR: PortableVector | null;

console.log(`WEBHOOKS_CHECKS ${JSON.stringify(await runChecks(WEBHOOKS_VECTOR))}`);
