// The whole media path with the mock-server's independent WhatsApp side: encryptFlowMedia makes
// the file, the mock server's CDN route serves it over loopback HTTP, the simulator sends a
// data_exchange whose PhotoPicker value points at it, and the endpoint downloads and decrypts it. Also a key rotation driven
// by the simulator: no 421 for requests under either key.
import { createHash } from "node:crypto";
import {
  encryptFlowMedia,
  type MockServer,
  simulateFlowRequest,
  startMockServer,
} from "@d360-messaging/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowMedia } from "../src/index.js";
import * as webBuild from "../src/index.js";
import * as nodeBuild from "../src/index.node.js";
import { generateTestKeyPair, type TestKeyPair } from "./helpers.js";

let pair: TestKeyPair;
let previous: TestKeyPair;
let publicPem: string;
let previousPublicPem: string;
let mock: MockServer;

beforeAll(async () => {
  pair = generateTestKeyPair();
  previous = generateTestKeyPair();
  publicPem = pair.publicKey.export({ type: "spki", format: "pem" }) as string;
  previousPublicPem = previous.publicKey.export({ type: "spki", format: "pem" }) as string;
  mock = await startMockServer();
});
afterAll(() => mock.close());

const builds = [
  ["web build", webBuild],
  ["Node build", nodeBuild],
] as const;

describe.each(builds)("media with the simulator's WhatsApp side (%s)", (_name, build) => {
  it("decryptFlowMedia agrees with the simulator's encryptFlowMedia", async () => {
    for (const size of [0, 1, 16, 4097]) {
      const plaintext = crypto.getRandomValues(new Uint8Array(size));
      const { file, metadata } = await encryptFlowMedia(plaintext);
      expect(Buffer.from(await build.decryptFlowMedia(file, metadata)).equals(plaintext)).toBe(
        true,
      );
    }
  });

  it("a data_exchange with a PhotoPicker value: the endpoint downloads and decrypts each photo", async () => {
    const photos = [
      new TextEncoder().encode("first photo bytes"),
      crypto.getRandomValues(new Uint8Array(30_000)),
    ];
    const picked: FlowMedia[] = [];
    for (const [i, photo] of photos.entries()) {
      const { file, metadata } = await encryptFlowMedia(photo);
      picked.push({
        media_id: `media-${i}`,
        cdn_url: mock.cdn.put(file),
        file_name: `IMG_${i}.jpg`,
        encryption_metadata: metadata,
      });
    }
    const endpoint = build.createFlowEndpoint({
      privateKey: pair.privatePem,
      handle: async (payload, { signal }) => {
        const media = (payload.data?.photo_picker ?? []) as FlowMedia[];
        const hashes = [];
        for (const entry of media) {
          // The mock's CDN is plain http on loopback.
          const bytes = await build.downloadFlowMedia(entry, { signal, allowHttp: true });
          hashes.push(createHash("sha256").update(bytes).digest("hex"));
        }
        return { screen: "THANKS", data: { hashes } };
      },
    });
    const result = await simulateFlowRequest({
      endpoint,
      publicKey: publicPem,
      payload: {
        version: "3.0",
        action: "data_exchange",
        screen: "UPLOAD",
        data: { photo_picker: picked },
        flow_token: "t",
      },
    });
    expect(result.status).toBe(200);
    // The endpoint fetched each file once from the mock's CDN.
    const downloads = mock.requests.filter((r) => r.path.startsWith("/cdn/")).slice(-2);
    expect(downloads.map((r) => [r.path, r.status])).toEqual(
      picked.map((p) => [new URL(p.cdn_url).pathname, 200]),
    );
    expect(result.response).toEqual({
      screen: "THANKS",
      data: { hashes: photos.map((p) => createHash("sha256").update(p).digest("hex")) },
    });
  });
});

describe.each(builds)("key rotation with the simulator (%s)", (_name, build) => {
  it("[new, old]: WhatsApp still on the old key and WhatsApp on the new one both get 200, no 421", async () => {
    const keysUsed: number[] = [];
    const endpoint = build.createFlowEndpoint({
      privateKey: [pair.privatePem, previous.privatePem],
      handle: (_payload, context) => {
        keysUsed.push(context.keyIndex);
        return { screen: "S", data: {} };
      },
    });
    await endpoint.ready();
    // WhatsApp's copy of the key: the old one until the new one is uploaded and re-fetched.
    let uploaded = previousPublicPem;
    const send = () =>
      simulateFlowRequest({
        endpoint,
        publicKey: () => uploaded,
        payload: { version: "3.0", action: "INIT" },
      });
    const before = await send();
    uploaded = publicPem;
    const after = await send();
    expect([before.status, after.status]).toEqual([200, 200]);
    expect([before.attempts, after.attempts]).toEqual([1, 1]);
    expect(keysUsed).toEqual([1, 0]);
  });
});
