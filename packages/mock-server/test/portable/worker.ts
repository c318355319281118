// Entry for workerd: a Worker whose fetch answers with the check results.
import { type PortableVector, runChecks } from "./checks.js";

declare const MOCK_VECTOR: PortableVector | null;

export default {
  async fetch(): Promise<Response> {
    return Response.json(await runChecks(MOCK_VECTOR));
  },
};
