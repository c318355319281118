// The media CDN route: files stored with cdn.put are served byte for byte at an unguessable
// path, in process and over HTTP, and faults apply to it like to every route.
import { createDecipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CDN_PATH, createMockHandler, encryptFlowMedia } from "../src/index.js";
import { startMockServer } from "../src/index.node.js";

describe("media CDN", () => {
  it("serves a stored file byte for byte with its length, without an API key", async () => {
    const handler = createMockHandler();
    const file = new Uint8Array(randomBytes(70_000));
    const path = handler.cdn.put(file);
    expect(path).toMatch(new RegExp(`^${CDN_PATH}/[0-9a-f]{32}$`));
    const response = await handler(new Request(`http://mock${path}`));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe("70000");
    expect(Buffer.from(await response.arrayBuffer()).equals(file)).toBe(true);
    // Stored as a copy: changing the caller's array later changes nothing served.
    file[0] = (file[0] as number) ^ 1;
    const again = new Uint8Array(
      await (await handler(new Request(`http://mock${path}`))).arrayBuffer(),
    );
    expect(again[0]).toBe((file[0] as number) ^ 1);
  });

  it("404 for an unknown file, 405 for another method, nothing after reset()", async () => {
    const handler = createMockHandler();
    const path = handler.cdn.put(new Uint8Array([1, 2, 3]));
    expect((await handler(new Request(`http://mock${CDN_PATH}/${"0".repeat(32)}`))).status).toBe(
      404,
    );
    const post = await handler(new Request(`http://mock${path}`, { method: "POST", body: "x" }));
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    expect(handler.cdn.size).toBe(1);
    handler.reset();
    expect(handler.cdn.size).toBe(0);
    expect((await handler(new Request(`http://mock${path}`))).status).toBe(404);
  });

  it("takes queued faults like every route", async () => {
    const handler = createMockHandler();
    const path = handler.cdn.put(new Uint8Array([1]));
    handler.faults.enqueue({ status: 503 });
    expect((await handler(new Request(`http://mock${path}`))).status).toBe(503);
    expect((await handler(new Request(`http://mock${path}`))).status).toBe(200);
  });

  it("over HTTP: the server's cdn.put gives a URL serving what encryptFlowMedia made", async () => {
    const server = await startMockServer();
    try {
      const photo = new TextEncoder().encode("a photo, as the user picked it");
      const { file, metadata } = await encryptFlowMedia(photo);
      const url = server.cdn.put(file);
      expect(url.startsWith(`${server.url}${CDN_PATH}/`)).toBe(true);
      const downloaded = Buffer.from(await (await fetch(url)).arrayBuffer());
      expect(downloaded.equals(file)).toBe(true);
      // node:crypto opens it with the metadata.
      const b = (text: string) => Buffer.from(text, "base64");
      const decipher = createDecipheriv("aes-256-cbc", b(metadata.encryption_key), b(metadata.iv));
      const plaintext = Buffer.concat([
        decipher.update(downloaded.subarray(0, downloaded.length - 10)),
        decipher.final(),
      ]);
      expect(plaintext.equals(photo)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
