// Entry for workerd: a module worker that runs the checks per request (workerd allows no crypto
// or randomness at global scope) and answers with the results as JSON.
import { type PortableVector, runChecks } from "./checks.js";

declare const WEBHOOKS_VECTOR: PortableVector | null;

export default {
  async fetch(): Promise<Response> {
    return Response.json(await runChecks(WEBHOOKS_VECTOR));
  },
};
