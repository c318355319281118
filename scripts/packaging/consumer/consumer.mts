// A consumer of the published packages, as another team's service would write it. The smoke
// test copies it into a fresh project as src/consumer.ts, type-checks it under bundler and
// node16 resolution, then runs the node16 build: it must print "consumer: ok".
// It is .mts here only so that the scripts package's own typecheck (which sees the workspace
// packages, not the tarballs) leaves it alone.

import { createD360Client, type D360Client } from "@d360-messaging/client";
import {
  createFlowEndpoint,
  decryptFlowRequest,
  type EncryptedFlowRequest,
  encryptFlowResponse,
  type FlowRequestPayload,
  type FlowResponse,
} from "@d360-messaging/flows";
import {
  generateKeyPair,
  importPrivateKey,
  isKeyFormatError,
  parsePublicKey,
  publicKeyFingerprint,
} from "@d360-messaging/keys";
import { simulateFlowRequest } from "@d360-messaging/mock-server";
// The explicit Node entry: bundler resolution does not apply the `node` condition, so there the
// root entry's types are the runtime-neutral build's, which has no HTTP server.
import { startMockServer } from "@d360-messaging/mock-server/node";
import {
  type BusinessEncryptionInfo,
  type BusinessPublicKeySignatureStatus,
  SPEC_VERSION,
} from "@d360-messaging/types";

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`consumer: ${message}`);
}

/** What the service answers on its Flows screens (the fetch handler answers pings itself). */
function answer(payload: FlowRequestPayload): FlowResponse {
  return { screen: "DETAILS", data: { action: payload.action } };
}

const apiKey = "consumer-smoke-test-key";
const mock = await startMockServer({ apiKeys: [apiKey] });
try {
  // 1. Set up encryption for the number: generate a key pair, upload the public half.
  const client: D360Client = createD360Client({ apiKey, baseUrl: mock.url });
  const { privateKeyPem, publicKeyPem } = await generateKeyPair();
  const fingerprint = await publicKeyFingerprint(parsePublicKey(publicKeyPem));
  await client.encryption.setBusinessPublicKey(publicKeyPem);

  // 2. Read it back: WhatsApp has checked the signature.
  const info: BusinessEncryptionInfo | null = await client.encryption.getBusinessPublicKey();
  check(info, "getBusinessPublicKey found no key after the upload");
  const status: BusinessPublicKeySignatureStatus | undefined =
    info.business_public_key_signature_status;
  check(status === "VALID", `signature status is ${String(status)}, want VALID`);
  check(info.business_public_key, "no business_public_key in the response");
  check(
    (await publicKeyFingerprint(info.business_public_key)) === fingerprint,
    "the key read back is not the key uploaded",
  );

  // 3. A bad key is refused before any request is sent.
  try {
    parsePublicKey("not a key");
    check(false, "parsePublicKey accepted garbage");
  } catch (error) {
    check(isKeyFormatError(error), `parsePublicKey threw ${String(error)}, want a KeyFormatError`);
  }

  // 4. Flows with the ready fetch handler: WhatsApp (simulated) sends an INIT.
  const endpoint = createFlowEndpoint({ privateKey: privateKeyPem, handle: answer });
  const init = await simulateFlowRequest({
    endpoint,
    publicKey: publicKeyPem,
    payload: { version: "3.0", action: "INIT", flow_token: "consumer-token" },
  });
  check(init.status === 200, `INIT answered HTTP ${init.status}`);
  check(JSON.stringify(init.response).includes("INIT"), "INIT reply did not round-trip");

  // 5. Flows by hand, as a route in a framework with its own request handling.
  const privateKey = await importPrivateKey(privateKeyPem);
  const route = async (request: Request): Promise<Response> => {
    const body = (await request.json()) as EncryptedFlowRequest;
    const { payload, aesKey, iv } = await decryptFlowRequest(body, privateKey);
    const reply = await encryptFlowResponse(answer(payload), aesKey, iv);
    return new Response(reply, { headers: { "Content-Type": "text/plain" } });
  };
  const exchange = await simulateFlowRequest({
    endpoint: route,
    publicKey: publicKeyPem,
    payload: {
      version: "3.0",
      action: "data_exchange",
      screen: "DETAILS",
      flow_token: "consumer-token",
      data: { tickets: 2 },
    },
  });
  check(exchange.status === 200, `data_exchange answered HTTP ${exchange.status}`);
  check(JSON.stringify(exchange.response).includes("data_exchange"), "reply did not round-trip");

  console.log(`consumer: ok (spec ${SPEC_VERSION}, key ${fingerprint})`);
} finally {
  await mock.close();
}
