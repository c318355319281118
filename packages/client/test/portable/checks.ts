// Checks that run unchanged on every Node line (and any runtime with fetch and WebCrypto): the
// BUILT client against the BUILT mock-server's in-process handler, no network, no node: imports.
// The driver (../runtimes.test.ts) bundles them and runs the bundle.
import { createMockHandler } from "@d360-messaging/mock-server";
import { createD360Client, isApiError, isMediaError } from "../../src/index.js";

export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

function assert(condition: unknown, detail: string): asserts condition {
  if (!condition) throw new Error(detail);
}

const apiKey = "portable-checks-key";

/** A 2048-bit public key made on the spot with the platform's WebCrypto, as SPKI PEM. */
async function publicKeyPem(): Promise<string> {
  const pair = await crypto.subtle.generateKey(
    {
      name: "RSA-OAEP",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["encrypt", "decrypt"],
  );
  const der = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
  const base64 = btoa(String.fromCharCode(...der));
  return `-----BEGIN PUBLIC KEY-----\n${(base64.match(/.{1,64}/g) ?? []).join("\n")}\n-----END PUBLIC KEY-----\n`;
}

export async function runChecks(): Promise<CheckResult[]> {
  const checks: Array<[string, () => Promise<void>]> = [
    [
      "upload a business public key and read it back, signature VALID",
      async () => {
        const mock = createMockHandler({ apiKeys: [apiKey] });
        const client = createD360Client({ apiKey, fetch: mock });
        const pem = await publicKeyPem();
        await client.encryption.setBusinessPublicKey(pem);
        const info = await client.encryption.getBusinessPublicKey();
        assert(info?.business_public_key_signature_status === "VALID", "status is not VALID");
        assert(mock.getBusinessPublicKey(apiKey) === pem, "the mock holds another key");
        assert(mock.requests[0]?.channel === 0, "the upload was not made with the API key");
      },
    ],
    [
      "a wrong API key is an ApiError 401 that does not carry the key",
      async () => {
        const client = createD360Client({
          apiKey: "not-a-known-key",
          fetch: createMockHandler({ apiKeys: [apiKey] }),
        });
        try {
          await client.encryption.getBusinessPublicKey();
        } catch (error) {
          assert(isApiError(error), `want an ApiError, got ${String(error)}`);
          assert(error.status === 401, `status ${error.status}`);
          assert(
            !JSON.stringify({ ...error, message: error.message }).includes("not-a-known-key"),
            "the key leaked",
          );
          return;
        }
        throw new Error("the call succeeded with a wrong key");
      },
    ],
    [
      "a 503 on a GET is retried, and the retry succeeds",
      async () => {
        const mock = createMockHandler({ apiKeys: [apiKey] });
        mock.faults.enqueue({ method: "GET", status: 503 });
        const client = createD360Client({ apiKey, fetch: mock, retry: { delay: 1 } });
        const info = await client.encryption.getBusinessPublicKey();
        assert(info === null, `want null (no key uploaded), got ${JSON.stringify(info)}`);
        assert(mock.requests.length === 2, `want 2 requests, saw ${mock.requests.length}`);
      },
    ],
    [
      "media: upload checks limits and sends multipart; download streams, the key only to the API's origin",
      async () => {
        const file = new Uint8Array(2048).map((_, i) => (i * 13) & 0xff);
        const seen: { url: string; key: string | null }[] = [];
        // Plays the API (the mock answers these operations with the spec's samples for now).
        const fetch = async (input: Request) => {
          const url = new URL(input.url);
          seen.push({ url: url.href, key: input.headers.get("D360-API-KEY") });
          if (url.pathname === "/media") {
            const form = await input.formData();
            const sent = form.get("file") as Blob;
            assert(form.get("type") === "image/png", "the type was not sent");
            assert(sent.size === file.length, "the file was not sent whole");
            return Response.json({ id: "42" });
          }
          if (url.pathname === "/42")
            return Response.json({ url: "https://cdn.example/f?sig=1", mime_type: "image/png" });
          return new Response(file, { headers: { "content-type": "image/png" } });
        };
        const client = createD360Client({ apiKey, fetch, retry: false });
        const { id } = await client.media.upload(file, { type: "image/png" });
        assert(id === "42", `want id 42, got ${id}`);
        const media = await client.media.download(id);
        const bytes = new Uint8Array(await new Response(media.stream).arrayBuffer());
        assert(bytes.join() === file.join(), "the download differs from the file");
        assert(seen[2]?.url === "https://cdn.example/f?sig=1", "the file URL was not fetched");
        assert(seen[2]?.key === null, "the API key went to another origin");
        assert(seen[1]?.key === apiKey, "the lookup was made without the API key");
        try {
          await client.media.upload(new Uint8Array(5 * 1024 * 1024 + 1), { type: "image/png" });
        } catch (error) {
          assert(isMediaError(error) && error.code === "too_large", `got ${String(error)}`);
          assert(seen.length === 3, "a refused file was sent");
          return;
        }
        throw new Error("a 5 MB + 1 B image was accepted");
      },
    ],
  ];
  const results: CheckResult[] = [];
  for (const [name, check] of checks) {
    try {
      await check();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({
        name,
        ok: false,
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return results;
}
