// Entry for a command line runtime: prints one line the driver parses.
import { type PortableKeys, runChecks } from "./checks.js";

declare const KEYS_FIXTURES: PortableKeys;
declare const KEYS_BUILD: "web" | "node";

console.log(`KEYS_CHECKS ${JSON.stringify(await runChecks(KEYS_FIXTURES, KEYS_BUILD))}`);
