// Entry for a command line runtime: prints one line the driver parses.
import { runChecks } from "./checks.js";

console.log(`CLIENT_CHECKS ${JSON.stringify(await runChecks())}`);
