/**
 * `pnpm demo`: the whole encryption story, end to end.
 *
 * Without D360_API_KEY it runs on the embedded mock of the 360dialog API: generate a key pair,
 * upload the public key with the client, read it back (VALID), serve a Flows endpoint with the
 * private key, let the WhatsApp simulator send ping, INIT and data_exchange, then rotate the key
 * without re-uploading it (WhatsApp gets 421) and fix it by uploading; then rotate the right way,
 * with the endpoint holding [new, old] (no 421 under either key), and upload a photo through a
 * PhotoPicker that the endpoint downloads from the mock's CDN and decrypts.
 *
 * With D360_API_KEY it talks to the real API (D360_BASE_URL or the spec's server) and only reads
 * the number's key: uploading replaces the live key WhatsApp encrypts with, so it uploads only
 * when asked with `--upload public.pem`.
 *
 * Every run ends with a three-line summary and the next steps; every failure with one line
 * saying what happened and one hint (demo-errors.ts), never a stack trace.
 */

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { createD360Client } from "@d360-messaging/client";
import {
  createFlowEndpoint,
  downloadFlowMedia,
  type FlowHandlerPayload,
  type FlowMedia,
} from "@d360-messaging/flows";
import { generateKeyPair, publicKeyFingerprint } from "@d360-messaging/keys";
import {
  encryptFlowMedia,
  simulateFlowRequest,
  startMockServer,
} from "@d360-messaging/mock-server";
import { createAdaptorServer } from "@hono/node-server";
import { DemoUsageError, explain } from "./demo-errors.js";

const HELP = `pnpm demo [--upload public.pem]

  Without D360_API_KEY: the full story on the embedded mock API and a local Flows endpoint.
  With D360_API_KEY (and optionally D360_BASE_URL): read the number's key and status from the
  real API; upload only with --upload (it replaces the key WhatsApp encrypts with).`;

const NEXT_STEPS = `
Next steps, for your own number (d360: npm i -g @d360-messaging/cli; here: node packages/cli/dist/bin.js):
  1. d360 keygen --out keys                          make a key pair
  2. D360_API_KEY=… d360 key set keys/public.pem     upload the public half
  3. D360_API_KEY=… d360 doctor --private-key keys/private.pem   check it end to end
Read more: packages/keys, packages/client, packages/flows, packages/mock-server and packages/cli
each have a README.md.`;

const step = (text: string) => console.log(`\n▸ ${text}`);
const show = (label: string, value: unknown) =>
  console.log(`  ${label.padEnd(22)} ${typeof value === "string" ? value : JSON.stringify(value)}`);

/** The summary: exactly three lines, each a check mark, a cross, or a dash for "not asked". */
function summary(lines: readonly [boolean | null, string][]) {
  console.log("\nSummary");
  for (const [ok, text] of lines) console.log(`  ${ok === null ? "–" : ok ? "✓" : "✗"} ${text}`);
}

function options() {
  const config = {
    options: {
      upload: { type: "string", short: "u" },
      help: { type: "boolean", short: "h" },
    },
  } as const;
  // Lenient first, to name an unknown or incomplete flag in the demo's own words.
  const { tokens } = parseArgs({ ...config, strict: false, tokens: true, allowPositionals: true });
  for (const token of tokens) {
    if (token.kind === "positional")
      throw new DemoUsageError(`Unexpected argument '${token.value}'.`, "Run pnpm demo --help.");
    if (token.kind !== "option") continue;
    if (!(token.name in config.options))
      throw new DemoUsageError(
        `Unknown option ${/^--?[a-z][a-z-]{0,23}$/.test(token.rawName) ? token.rawName : "(not shown)"}.`,
        "The demo takes only --upload FILE and --help; run pnpm demo --help.",
      );
    if (token.name === "upload" && token.value === undefined)
      throw new DemoUsageError(
        "--upload needs a file: the public key to upload.",
        "e.g. pnpm demo --upload keys/public.pem",
      );
  }
  return parseArgs({ ...config, strict: true }).values;
}

try {
  const values = options();
  if (values.help) console.log(HELP);
  else {
    const apiKey = process.env.D360_API_KEY;
    if (apiKey) {
      await realApi(apiKey, process.env.D360_BASE_URL, values.upload);
    } else {
      if (values.upload) {
        console.log("--upload only applies to the real API (set D360_API_KEY); ignoring it here.");
      }
      await embedded();
    }
    console.log(NEXT_STEPS);
  }
} catch (error) {
  const { message, hint, exitCode } = explain(error);
  console.error(`\n✗ ${message}\n  ${hint}`);
  process.exitCode = exitCode;
}

async function realApi(key: string, baseUrl: string | undefined, uploadFile: string | undefined) {
  const client = createD360Client({ apiKey: key, ...(baseUrl ? { baseUrl } : {}) });
  step(`Real API${baseUrl ? ` at ${baseUrl}` : ""} (D360_API_KEY is set; it is never printed)`);
  let uploaded: string | undefined;
  if (uploadFile) {
    const pem = await readFile(uploadFile, "utf8");
    step(`Uploading ${uploadFile} (asked for with --upload)`);
    await client.encryption.setBusinessPublicKey(pem);
    uploaded = await publicKeyFingerprint(pem);
    show("uploaded", uploaded);
  }
  const info = await client.encryption.getBusinessPublicKey();
  const status = info?.business_public_key_signature_status ?? "unknown";
  const fingerprint = info?.business_public_key
    ? await publicKeyFingerprint(info.business_public_key)
    : undefined;
  if (fingerprint === undefined) show("business public key", "none uploaded");
  else {
    show("signature status", status);
    show("fingerprint", fingerprint);
  }
  summary([
    [true, `Reached ${baseUrl ?? "the 360dialog API"} with D360_API_KEY (never printed).`],
    uploaded === undefined
      ? [null, "Nothing uploaded: pass --upload public.pem to upload (it replaces the live key)."]
      : [true, `Uploaded ${uploadFile} (${uploaded}).`],
    fingerprint === undefined
      ? [false, "The number has no business public key: upload one (step 2 below)."]
      : [status === "VALID", `The number's key is ${fingerprint}, signature status ${status}.`],
  ]);
}

async function embedded() {
  const channelKey = "demo-api-key";
  const appSecret = "demo-app-secret";
  const mock = await startMockServer({ apiKeys: [channelKey] });
  const endpoints: { close(): Promise<void> }[] = [];
  try {
    step(`Mock 360dialog API on ${mock.url} (no D360_API_KEY set)`);

    step("Generate a 2048-bit RSA key pair");
    const first = await generateKeyPair();
    show("fingerprint", await publicKeyFingerprint(first.publicKeyPem));

    step("Upload the public key with the client");
    const client = createD360Client({ apiKey: channelKey, baseUrl: mock.url });
    show("POST result", await client.encryption.setBusinessPublicKey(first.publicKeyPem));

    step("Read it back");
    const info = await client.encryption.getBusinessPublicKey();
    const status = info?.business_public_key_signature_status ?? "none";
    const readBack = info?.business_public_key
      ? await publicKeyFingerprint(info.business_public_key)
      : "none";
    show("signature status", status);
    show("fingerprint", readBack);

    step("Serve a Flows endpoint with the private key, and let WhatsApp talk to it");
    const endpoint = await serveFlows(first.privateKeyPem, appSecret);
    endpoints.push(endpoint);
    show("endpoint", endpoint.url);
    // WhatsApp encrypts with its copy of the uploaded key, which the mock API holds.
    const whatsappKey = () => mock.getBusinessPublicKey(channelKey);
    const answers: number[] = [];
    const exchanges = [
      { version: "3.0", action: "ping" },
      { version: "3.0", action: "INIT", flow_token: "demo-flow-token" },
      {
        version: "3.0",
        action: "data_exchange",
        screen: "DETAILS",
        flow_token: "demo-flow-token",
        data: { name: "Ada", tickets: 2 },
      },
    ] as const;
    for (const payload of exchanges) {
      const result = await simulateFlowRequest({
        endpoint: endpoint.url,
        publicKey: whatsappKey,
        payload,
        appSecret,
      });
      show(`${payload.action} →`, `HTTP ${result.status} ${JSON.stringify(result.response)}`);
      answers.push(result.status);
    }

    step("Rotate the private key on the endpoint WITHOUT uploading the new public key");
    const second = await generateKeyPair();
    await endpoint.close();
    const rotated = await serveFlows(second.privateKeyPem, appSecret);
    endpoints.push(rotated);
    const stale = await simulateFlowRequest({
      endpoint: rotated.url,
      publicKey: whatsappKey,
      payload: exchanges[1],
      appSecret,
    });
    show("INIT →", `HTTP ${stale.status} after ${stale.attempts} attempts`);
    console.log(
      "  421 tells WhatsApp to re-fetch the public key and retry; it still holds the old one,\n" +
        "  so the user sees an error until the new public key is uploaded.",
    );

    step("Upload the new public key, and try again");
    await client.encryption.setBusinessPublicKey(second.publicKeyPem);
    const fixed = await simulateFlowRequest({
      endpoint: rotated.url,
      publicKey: whatsappKey,
      payload: exchanges[1],
      appSecret,
    });
    show("INIT →", `HTTP ${fixed.status} ${JSON.stringify(fixed.response)}`);

    step("Rotate without downtime: the endpoint holds [new, old] while the new key is uploaded");
    const third = await generateKeyPair();
    await rotated.close();
    const both = await serveFlows([third.privateKeyPem, second.privateKeyPem], appSecret);
    endpoints.push(both);
    const init = exchanges[1];
    const beforeUpload = await simulateFlowRequest({
      endpoint: both.url,
      publicKey: whatsappKey,
      payload: init,
      appSecret,
    });
    show("INIT, old key →", describe(beforeUpload));
    await client.encryption.setBusinessPublicKey(third.publicKeyPem);
    const afterUpload = await simulateFlowRequest({
      endpoint: both.url,
      publicKey: whatsappKey,
      payload: init,
      appSecret,
    });
    show("INIT, new key →", describe(afterUpload));
    console.log(
      "  Both answered at once (no 421); context.keyIndex tells the handler which key opened the\n" +
        "  request. Once every request opens with key 0, deploy with the new key alone.",
    );
    const seamless =
      beforeUpload.status === 200 &&
      afterUpload.status === 200 &&
      beforeUpload.attempts + afterUpload.attempts === 2;

    step("A media upload: the user picks a photo in a PhotoPicker");
    const photo = new TextEncoder().encode("pretend these are the bytes of IMG_0042.jpg");
    const { file, metadata } = await encryptFlowMedia(photo);
    const cdnUrl = mock.cdn.put(file);
    show("on the CDN", `${cdnUrl} (${file.length} encrypted bytes)`);
    const upload = await simulateFlowRequest({
      endpoint: both.url,
      publicKey: whatsappKey,
      payload: {
        version: "3.0",
        action: "data_exchange",
        screen: "UPLOAD",
        flow_token: "demo-flow-token",
        data: {
          photo_picker: [
            {
              media_id: "demo-media-1",
              cdn_url: cdnUrl,
              file_name: "IMG_0042.jpg",
              encryption_metadata: metadata,
            },
          ],
        },
      },
      appSecret,
    });
    show("data_exchange →", `HTTP ${upload.status} ${JSON.stringify(upload.response)}`);
    const expectedHash = createHash("sha256").update(photo).digest("hex");
    const got = (upload.response as { data?: { photos?: { sha256?: string }[] } } | undefined)?.data
      ?.photos?.[0]?.sha256;
    console.log(
      got === expectedHash
        ? "  The endpoint downloaded the file, checked its hashes and HMAC, and decrypted the photo."
        : "  The endpoint did not return the photo's hash!",
    );
    const fingerprint = await publicKeyFingerprint(first.publicKeyPem);
    const flows = answers.every((answer) => answer === 200) && got === expectedHash;
    const rotation = stale.status === 421 && fixed.status === 200 && seamless;
    summary([
      [
        status === "VALID" && readBack === fingerprint,
        `Key pair made, public key uploaded and read back ${status} (${fingerprint}).`,
      ],
      [
        flows,
        `Flows endpoint answered ping, INIT and data_exchange (HTTP ${answers.join(", ")}) and decrypted a photo from the CDN.`,
      ],
      [
        rotation,
        `Rotation: a key WhatsApp did not have got HTTP ${stale.status} until uploaded; with [new, old] on the endpoint, no 421.`,
      ],
    ]);
    if (!flows || !rotation) process.exitCode = 1;
  } finally {
    await Promise.allSettled(endpoints.map((endpoint) => endpoint.close()));
    await mock.close();
  }
}

function describe(result: Awaited<ReturnType<typeof simulateFlowRequest>>) {
  return `HTTP ${result.status} after ${result.attempts} request(s) ${JSON.stringify(result.response)}`;
}

/** A Flows endpoint on loopback, served by @hono/node-server (the README's two-line adapter). */
async function serveFlows(privateKey: string | string[], appSecret: string) {
  const handler = createFlowEndpoint({
    privateKey,
    appSecret,
    handle: async (payload: FlowHandlerPayload, { keyIndex, signal }) => {
      if (payload.action === "data_exchange" && payload.screen === "UPLOAD") {
        const photos = [];
        for (const media of (payload.data.photo_picker ?? []) as FlowMedia[]) {
          // The mock's CDN is plain http on loopback; WhatsApp's is https, the default.
          const bytes = await downloadFlowMedia(media, { signal, allowHttp: true });
          photos.push({
            file_name: media.file_name,
            bytes: bytes.length,
            sha256: createHash("sha256").update(bytes).digest("hex"),
          });
        }
        return { screen: "THANKS", data: { photos } };
      }
      if (payload.action === "data_exchange") {
        return { screen: "SUCCESS", data: { confirmed: true, received: payload.data ?? {} } };
      }
      const greeting = "Welcome! How many tickets?";
      return {
        screen: "DETAILS",
        data: Array.isArray(privateKey) ? { greeting, opened_with_key: keyIndex } : { greeting },
      };
    },
  });
  // Imports the keys now: a wrong key fails here, not on WhatsApp's first request.
  await handler.ready();
  const server = createAdaptorServer({ fetch: handler });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/flows`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
