// One table from failure code to HTTP status (src/endpoint-failure.ts): the steps name a code,
// never a status, so the table must cover every code and agree with FlowDecryptionError.status.
import { describe, expect, it } from "vitest";
import { EndpointFailure, failureResponse, STATUS } from "../src/endpoint-failure.js";
import type { FlowEndpointErrorCode } from "../src/endpoint-options.js";
import { FlowDecryptionError, type FlowDecryptionFailure } from "../src/errors.js";

const DECRYPTION_REASONS: FlowDecryptionFailure[] = [
  "malformed-request",
  "invalid-base64",
  "invalid-iv-length",
  "aes-key-decryption-failed",
  "invalid-aes-key-length",
  "authentication-failed",
  "invalid-payload",
];

describe("STATUS", () => {
  it("gives each decryption reason the status FlowDecryptionError carries", () => {
    for (const reason of DECRYPTION_REASONS) {
      expect([reason, STATUS[reason]]).toEqual([reason, new FlowDecryptionError(reason).status]);
    }
  });

  it("is where a failure's status and answer come from", async () => {
    const expected: Partial<Record<FlowEndpointErrorCode, [number, string | null]>> = {
      "method-not-allowed": [405, "Method Not Allowed"],
      "payload-too-large": [413, "Payload Too Large"],
      "body-timeout": [408, "Request Timeout"],
      "invalid-signature": [432, "Invalid Signature"],
      "aes-key-decryption-failed": [421, "Misdirected Request"],
      "private-key-import-failed": [500, "Internal Server Error"],
      "flow-token-expired": [427, null],
      "internal-error": [500, "Internal Server Error"],
    };
    for (const [code, [status, text]] of Object.entries(expected) as Array<
      [FlowEndpointErrorCode, [number, string | null]]
    >) {
      const failure = new EndpointFailure(code, "m");
      expect(failure.status).toBe(status);
      const response = failureResponse(failure);
      expect(response.status).toBe(status);
      expect(await response.text()).toBe(text ?? "");
    }
  });
});
