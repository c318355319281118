// Copied into the consumer project as src/strict.ts and type-checked (never run) under every
// consumer tsconfig. Each @ts-expect-error line must be an error: if the published types
// degraded to `any` (a DOM name that a tsconfig without the DOM lib cannot resolve, under
// skipLibCheck), the expected error would vanish and tsc would fail with TS2578 instead.

import { createD360Client } from "@d360-messaging/client";
import { createFlowEndpoint } from "@d360-messaging/flows";
import { importPrivateKey } from "@d360-messaging/keys";
import { createMockHandler } from "@d360-messaging/mock-server";

export function neverCalled(): void {
  // @ts-expect-error headers are header pairs or a record of strings, not a number
  createD360Client({ apiKey: "key", headers: 42 });
  // @ts-expect-error a private key is PEM text, DER bytes, a JWK or a CryptoKey, not a number
  createFlowEndpoint({ privateKey: 42, handle: () => ({ screen: "DONE", data: {} }) });
  // @ts-expect-error the same for the key importer
  void importPrivateKey(42);
  // @ts-expect-error the mock's handler takes a Request, not a URL string
  void createMockHandler()("https://example.test/");
}
