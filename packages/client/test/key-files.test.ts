// setBusinessPublicKey with the bytes of key files as people really have them (what readFile
// returns without an encoding): keys reads bytes that are not a DER SEQUENCE as text.
import { startMockServer } from "@d360-messaging/mock-server";
import { afterAll, describe, expect, it } from "vitest";
import { createD360Client, isKeyFormatError } from "../src/index.js";
import { keys } from "./support/keys.js";
import { API_KEY, caught, expectNoLeak } from "./support/secrets.js";

afterAll(() => expectNoLeak());

const bytes = (text: string) => Buffer.from(text, "utf8");

describe("setBusinessPublicKey(Buffer)", () => {
  it("uploads the key from a JSON string, an env line and a PEM under prose; refuses id_rsa.pub with the conversion", async () => {
    const server = await startMockServer({ apiKeys: [API_KEY] });
    try {
      const client = createD360Client({ apiKey: API_KEY, baseUrl: server.url, retry: false });
      const files = [
        bytes(JSON.stringify(keys.publicPem)),
        bytes(`FLOWS_PUBLIC_KEY=${JSON.stringify(keys.publicPem)}\n`),
        bytes(`FLOWS_PUBLIC_KEY="${keys.publicPem}"\n`),
        bytes(`Here is the key you asked for:\n\n${keys.publicPem}\n-- \nOps`),
      ];
      for (const file of files) {
        server.reset();
        await client.encryption.setBusinessPublicKey(file);
        expect(server.getBusinessPublicKey(API_KEY)?.trim()).toBe(keys.publicPem.trim());
      }

      server.reset();
      const sshLine = bytes("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 user@host\n");
      const error = await caught(client.encryption.setBusinessPublicKey(sshLine));
      expect(isKeyFormatError(error) && error.code).toBe("NOT_PEM");
      expect(error.message).toContain("ssh-keygen -e -m PKCS8");
      // Refused before sending: the mock saw nothing.
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});
