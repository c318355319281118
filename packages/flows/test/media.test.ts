// Media from PhotoPicker and DocumentPicker: decryptFlowMedia and downloadFlowMedia of both
// builds against a WhatsApp side written here with node:crypto, following Meta's "Media upload
// components" (cdn_file = AES-256-CBC/PKCS#7 ciphertext ‖ first 10 bytes of
// HMAC-SHA256(hmac_key, iv ‖ ciphertext); SHA-256 of the file and of the plaintext as hashes).
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as webBuild from "../src/index.js";
import {
  type FlowMediaEncryptionMetadata,
  FlowMediaError,
  type FlowMediaErrorCode,
  isFlowMediaError,
} from "../src/index.js";
import * as nodeBuild from "../src/index.node.js";

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest();

interface Keys {
  encryptionKey: Buffer;
  hmacKey: Buffer;
  iv: Buffer;
}

/** A CDN file and its metadata from a ciphertext made by the caller (for tampering). */
function seal(ciphertext: Buffer, plaintext: Uint8Array, keys: Keys) {
  const hmac10 = createHmac("sha256", keys.hmacKey)
    .update(keys.iv)
    .update(ciphertext)
    .digest()
    .subarray(0, 10);
  const file = Buffer.concat([ciphertext, hmac10]);
  const metadata: FlowMediaEncryptionMetadata = {
    encryption_key: b64(keys.encryptionKey),
    hmac_key: b64(keys.hmacKey),
    iv: b64(keys.iv),
    plaintext_hash: b64(sha256(plaintext)),
    encrypted_hash: b64(sha256(file)),
  };
  return { file: new Uint8Array(file), metadata };
}

/** The WhatsApp side, with node:crypto: what the CDN stores and what the payload carries. */
function encryptMediaWithNode(plaintext: Uint8Array, keys: Keys = freshKeys()) {
  const cipher = createCipheriv("aes-256-cbc", keys.encryptionKey, keys.iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ...seal(ciphertext, plaintext, keys), keys };
}

function freshKeys(): Keys {
  return { encryptionKey: randomBytes(32), hmacKey: randomBytes(32), iv: randomBytes(16) };
}

/** The file with its encrypted_hash recomputed, so that a later step is what catches a change. */
function rehash(file: Uint8Array, metadata: FlowMediaEncryptionMetadata) {
  return { file, metadata: { ...metadata, encrypted_hash: b64(sha256(file)) } };
}

async function codeOf(promise: Promise<unknown>): Promise<FlowMediaErrorCode | "resolved"> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    if (!isFlowMediaError(error)) throw error;
    return error.code;
  }
}

const builds = [
  ["web build", webBuild],
  ["Node build", nodeBuild],
] as const;

describe.each(builds)("decryptFlowMedia (%s)", (_name, build) => {
  it("decrypts files of every padding length to the bytes WhatsApp encrypted", async () => {
    for (const size of [0, 1, 15, 16, 17, 31, 32, 1000, 65_537]) {
      const plaintext = randomBytes(size);
      const { file, metadata } = encryptMediaWithNode(plaintext);
      const decrypted = await build.decryptFlowMedia(file, metadata);
      expect(Buffer.from(decrypted).equals(plaintext)).toBe(true);
    }
  });

  it("names the step that catches each tampered part", async () => {
    const plaintext = randomBytes(100);
    const { file, metadata, keys } = encryptMediaWithNode(plaintext);
    const flipped = (bytes: Uint8Array, at: number) => {
      const copy = new Uint8Array(bytes);
      copy[at] = (copy[at] as number) ^ 0x01;
      return copy;
    };
    // The encrypted hash, or the file against it.
    expect(
      await codeOf(
        build.decryptFlowMedia(file, {
          ...metadata,
          encrypted_hash: b64(flipped(Buffer.from(metadata.encrypted_hash, "base64"), 0)),
        }),
      ),
    ).toBe("encrypted-hash-mismatch");
    expect(await codeOf(build.decryptFlowMedia(flipped(file, 5), metadata))).toBe(
      "encrypted-hash-mismatch",
    );
    // The ciphertext and the HMAC trailer, with the file's hash made to match.
    const ciphertextChanged = rehash(flipped(file, 5), metadata);
    expect(
      await codeOf(build.decryptFlowMedia(ciphertextChanged.file, ciphertextChanged.metadata)),
    ).toBe("hmac-mismatch");
    const trailerChanged = rehash(flipped(file, file.length - 1), metadata);
    expect(await codeOf(build.decryptFlowMedia(trailerChanged.file, trailerChanged.metadata))).toBe(
      "hmac-mismatch",
    );
    // The iv and the HMAC key: the HMAC covers iv ‖ ciphertext, so both fail there.
    expect(
      await codeOf(build.decryptFlowMedia(file, { ...metadata, iv: b64(flipped(keys.iv, 0)) })),
    ).toBe("hmac-mismatch");
    expect(
      await codeOf(
        build.decryptFlowMedia(file, { ...metadata, hmac_key: b64(flipped(keys.hmacKey, 0)) }),
      ),
    ).toBe("hmac-mismatch");
    // The plaintext hash.
    expect(
      await codeOf(
        build.decryptFlowMedia(file, {
          ...metadata,
          plaintext_hash: b64(flipped(Buffer.from(metadata.plaintext_hash, "base64"), 31)),
        }),
      ),
    ).toBe("plaintext-hash-mismatch");
  });

  it("reports bad padding behind a valid HMAC as invalid-padding", async () => {
    const keys = freshKeys();
    const plaintext = Buffer.alloc(32, 7);
    // Two full blocks ending in 0x00: never valid PKCS#7.
    const cipher = createCipheriv("aes-256-cbc", keys.encryptionKey, keys.iv).setAutoPadding(false);
    const ciphertext = Buffer.concat([cipher.update(plaintext.fill(0, 31)), cipher.final()]);
    const { file, metadata } = seal(ciphertext, plaintext, keys);
    expect(await codeOf(build.decryptFlowMedia(file, metadata))).toBe("invalid-padding");
  });

  it("reports a wrong encryption key at the padding, or at the plaintext hash when the padding happens to look valid", async () => {
    const plaintext = randomBytes(40);
    const { file, metadata } = encryptMediaWithNode(plaintext);
    const ciphertext = file.subarray(0, file.length - 10);
    const iv = Buffer.from(metadata.iv, "base64");
    // Wrong keys sorted by what node:crypto itself makes of them.
    let badPadding: Buffer | undefined;
    let validPadding: Buffer | undefined;
    for (let i = 0; i < 20_000 && (badPadding === undefined || validPadding === undefined); i++) {
      const key = randomBytes(32);
      const decipher = createDecipheriv("aes-256-cbc", key, iv);
      try {
        decipher.update(ciphertext);
        decipher.final();
        validPadding ??= key;
      } catch {
        badPadding ??= key;
      }
    }
    expect(badPadding).toBeDefined();
    expect(validPadding).toBeDefined();
    expect(
      await codeOf(
        build.decryptFlowMedia(file, { ...metadata, encryption_key: b64(badPadding as Buffer) }),
      ),
    ).toBe("invalid-padding");
    expect(
      await codeOf(
        build.decryptFlowMedia(file, { ...metadata, encryption_key: b64(validPadding as Buffer) }),
      ),
    ).toBe("plaintext-hash-mismatch");
  });

  it("refuses malformed files and metadata, naming the field", async () => {
    const { file, metadata } = encryptMediaWithNode(randomBytes(20));
    // Shorter than the trailer, hash made to match.
    const short = rehash(file.subarray(0, 9), metadata);
    expect(await codeOf(build.decryptFlowMedia(short.file, short.metadata))).toBe("malformed-file");
    // A ciphertext that is not whole blocks, behind a valid HMAC.
    const keys = freshKeys();
    const partial = seal(randomBytes(20), new Uint8Array(0), keys);
    expect(await codeOf(build.decryptFlowMedia(partial.file, partial.metadata))).toBe(
      "malformed-file",
    );
    const cases: Array<[keyof FlowMediaEncryptionMetadata, string]> = [
      ["encryption_key", b64(randomBytes(16))], // AES-128, not AES-256
      ["iv", b64(randomBytes(12))],
      ["plaintext_hash", b64(randomBytes(20))],
      ["encrypted_hash", "not base64!"],
      ["hmac_key", ""],
    ];
    for (const [field, value] of cases) {
      const error = await build
        .decryptFlowMedia(file, { ...metadata, [field]: value })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FlowMediaError);
      expect(error).toMatchObject({ code: "invalid-metadata", field });
      // The message names the field and never quotes the metadata (key material).
      expect((error as Error).message).toContain(field);
      for (const secret of Object.values(metadata)) {
        expect((error as Error).message).not.toContain(secret);
      }
    }
  });
});

describe.each(builds)("downloadFlowMedia (%s)", (_name, build) => {
  let server: Server;
  let base: string;
  const files = new Map<string, Uint8Array>();
  let endlessClosed: Promise<number> | undefined;
  const hits = new Map<string, number>();
  /** Requests that are never answered; ended in teardown. */
  const held = new Set<import("node:http").ServerResponse>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      const path = request.url ?? "/";
      hits.set(path, (hits.get(path) ?? 0) + 1);
      if (path.startsWith("/redirect/")) {
        response.writeHead(302, { location: path.replace("/redirect/", "/v/") }).end();
        return;
      }
      if (path === "/hang") {
        // Never answers: only the client giving up ends it.
        held.add(response);
        return;
      }
      if (path === "/stall") {
        // Answers, sends a little of the body, then nothing more.
        response.writeHead(200, { "content-length": "1000" });
        response.write(Buffer.alloc(10));
        held.add(response);
        return;
      }
      if (path === "/endless") {
        // No Content-Length and no end: only the client going away stops it.
        response.writeHead(200, { "content-type": "application/octet-stream" });
        let sent = 0;
        endlessClosed = new Promise((resolve) => response.on("close", () => resolve(sent)));
        const chunk = randomBytes(16_384);
        const pump = () => {
          while (!response.destroyed) {
            sent += chunk.length;
            if (!response.write(chunk)) return void response.once("drain", pump);
          }
        };
        pump();
        return;
      }
      const file = files.get(path.replace(/\?.*$/, ""));
      if (file === undefined) {
        response.writeHead(404).end("not found");
        return;
      }
      if (path.startsWith("/chunked/")) {
        // No Content-Length: the size shows only while it streams.
        response.writeHead(200, { "content-type": "application/octet-stream" });
        let offset = 0;
        const pump = () => {
          while (offset < file.length) {
            const chunk = file.subarray(offset, offset + 16_384);
            offset += chunk.length;
            if (!response.write(chunk)) return void response.once("drain", pump);
          }
          response.end();
        };
        pump();
        return;
      }
      response.writeHead(200, { "content-length": String(file.length) }).end(file);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    for (const response of held) response.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("refuses plain http by default, before any request; allowHttp: true opts in", async () => {
    const plaintext = randomBytes(1_000);
    const { file, metadata } = encryptMediaWithNode(plaintext);
    files.set("/v/http-only", file);
    const before = hits.get("/v/http-only") ?? 0;
    const refused = await build
      .downloadFlowMedia({ cdn_url: `${base}/v/http-only`, encryption_metadata: metadata })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FlowMediaError);
    expect(refused).toMatchObject({ code: "insecure-url", field: "cdn_url" });
    expect((refused as Error).message).toMatch(/allowHttp: true/);
    expect(hits.get("/v/http-only") ?? 0).toBe(before);
    const bytes = await build.downloadFlowMedia(
      { cdn_url: `${base}/v/http-only`, encryption_metadata: metadata },
      { allowHttp: true },
    );
    expect(Buffer.from(bytes).equals(plaintext)).toBe(true);
  });

  it("refuses a redirect by default without requesting its target; followRedirects: true follows it", async () => {
    const plaintext = randomBytes(1_000);
    const { file, metadata } = encryptMediaWithNode(plaintext);
    files.set("/v/moved", file);
    const refused = await build
      .downloadFlowMedia(
        { cdn_url: `${base}/redirect/moved`, encryption_metadata: metadata },
        { allowHttp: true },
      )
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      name: "FlowMediaError",
      code: "redirect-refused",
      status: 302,
    });
    expect(hits.get("/v/moved")).toBeUndefined();
    const bytes = await build.downloadFlowMedia(
      { cdn_url: `${base}/redirect/moved`, encryption_metadata: metadata },
      { allowHttp: true, followRedirects: true },
    );
    expect(Buffer.from(bytes).equals(plaintext)).toBe(true);
    expect(hits.get("/v/moved")).toBe(1);
  });

  it("refuses a followed redirect that ends on plain http unless allowHttp is set", async () => {
    const { file, metadata } = encryptMediaWithNode(randomBytes(100));
    // What a fetch that followed https → http hands back.
    const landedOnHttp = async () => {
      const response = new Response(file);
      Object.defineProperty(response, "redirected", { value: true });
      Object.defineProperty(response, "url", { value: "http://mirror.example/v/x" });
      return response;
    };
    const refused = await build
      .downloadFlowMedia(
        { cdn_url: "https://mmg.whatsapp.net/v/x", encryption_metadata: metadata },
        { fetch: landedOnHttp, followRedirects: true },
      )
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "insecure-url" });
  });

  it("gives up after 30 s by default, whether the answer or the body stalls (time moved, not waited for)", async () => {
    const { metadata } = encryptMediaWithNode(randomBytes(10));
    for (const path of ["/hang", "/stall"]) {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      let settled: unknown = "pending";
      const pending = build
        .downloadFlowMedia(
          { cdn_url: `${base}${path}`, encryption_metadata: metadata },
          { allowHttp: true },
        )
        .then(
          () => "resolved",
          (e: unknown) => e,
        )
        .then((outcome) => {
          settled = outcome;
          return outcome;
        });
      // The request reaches the server (real I/O), then time moves to just before the deadline.
      while ((hits.get(path) ?? 0) === 0) await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(29_999);
      expect(settled).toBe("pending");
      await vi.advanceTimersByTimeAsync(1);
      const outcome = await pending;
      expect(outcome).toBeInstanceOf(FlowMediaError);
      expect(outcome).toMatchObject({ code: "download-timeout" });
      vi.useRealTimers();
      hits.delete(path);
    }
  });

  it("takes timeoutMs: 0 for none, and refuses a timeoutMs timers cannot keep", async () => {
    const { metadata } = encryptMediaWithNode(randomBytes(10));
    let init: RequestInit | undefined;
    const capture = async (_url: string, given: RequestInit) => {
      init = given;
      return new Response(null, { status: 404 });
    };
    await build
      .downloadFlowMedia(
        { cdn_url: "https://mmg.whatsapp.net/v/x", encryption_metadata: metadata },
        { fetch: capture, timeoutMs: 0 },
      )
      .catch(() => {});
    expect(init?.signal).toBeUndefined();
    expect(init?.redirect).toBe("manual");
    for (const timeoutMs of [2 ** 31, 2 ** 40, -1, Number.NaN]) {
      await expect(
        build.downloadFlowMedia(
          { cdn_url: "https://mmg.whatsapp.net/v/x", encryption_metadata: metadata },
          { fetch: capture, timeoutMs },
        ),
      ).rejects.toThrow(RangeError);
    }
  });

  it("refuses numeric and switch options of the wrong type, naming them (a string from env config)", async () => {
    const { metadata } = encryptMediaWithNode(randomBytes(10));
    const media = { cdn_url: "https://mmg.whatsapp.net/v/x", encryption_metadata: metadata };
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ timeoutMs: "200" }, /downloadFlowMedia: timeoutMs must be a number, got the string "200"/],
      [{ maxBytes: "5000000" }, /downloadFlowMedia: maxBytes must be a number, got the string/],
      [{ allowHttp: "false" }, /downloadFlowMedia: allowHttp must be true or false/],
      [{ followRedirects: 1 }, /downloadFlowMedia: followRedirects must be true or false/],
    ];
    for (const [options, message] of cases) {
      await expect(build.downloadFlowMedia(media, options as never)).rejects.toThrow(TypeError);
      await expect(build.downloadFlowMedia(media, options as never)).rejects.toThrow(message);
    }
    for (const maxBytes of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(build.downloadFlowMedia(media, { maxBytes })).rejects.toThrow(RangeError);
    }
  });

  it("downloads from cdn_url over HTTP and decrypts", async () => {
    const plaintext = randomBytes(50_000);
    const { file, metadata } = encryptMediaWithNode(plaintext);
    files.set("/v/photo-1", file);
    const bytes = await build.downloadFlowMedia(
      {
        cdn_url: `${base}/v/photo-1?token=abc`,
        file_name: "IMG_1.jpg",
        media_id: "790aba14",
        encryption_metadata: metadata,
      },
      { allowHttp: true },
    );
    expect(Buffer.from(bytes).equals(plaintext)).toBe(true);
  });

  it("refuses a file over maxBytes, declared or streamed, without reading it all", async () => {
    const { file, metadata } = encryptMediaWithNode(randomBytes(2_000_000));
    files.set("/v/big", file);
    files.set("/chunked/big", file);
    const declared = await build
      .downloadFlowMedia(
        { cdn_url: `${base}/v/big`, encryption_metadata: metadata },
        { maxBytes: 100_000, allowHttp: true },
      )
      .catch((e: unknown) => e);
    expect(declared).toMatchObject({ name: "FlowMediaError", code: "too-large" });
    const streamed = await build
      .downloadFlowMedia(
        { cdn_url: `${base}/chunked/big`, encryption_metadata: metadata },
        { maxBytes: 100_000, allowHttp: true },
      )
      .catch((e: unknown) => e);
    expect(streamed).toMatchObject({ name: "FlowMediaError", code: "too-large" });
    // A body without end: the download stops reading and the server sees the client go.
    const endless = await build
      .downloadFlowMedia(
        { cdn_url: `${base}/endless`, encryption_metadata: metadata },
        { maxBytes: 100_000, allowHttp: true },
      )
      .catch((e: unknown) => e);
    expect(endless).toMatchObject({ name: "FlowMediaError", code: "too-large" });
    expect(await endlessClosed).toBeGreaterThan(100_000);
    // The same file within the limit goes through.
    const whole = await build.downloadFlowMedia(
      { cdn_url: `${base}/chunked/big`, encryption_metadata: metadata },
      { maxBytes: file.length, allowHttp: true },
    );
    expect(whole.length).toBe(2_000_000);
  });

  it("reports HTTP failures with their status, and bad metadata before downloading", async () => {
    const { metadata } = encryptMediaWithNode(randomBytes(10));
    const missing = await build
      .downloadFlowMedia(
        { cdn_url: `${base}/v/none`, encryption_metadata: metadata },
        { allowHttp: true },
      )
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: "download-failed", status: 404 });
    let fetched = 0;
    const countingFetch = async () => {
      fetched++;
      return new Response("x");
    };
    const bad = await build
      .downloadFlowMedia(
        { cdn_url: `${base}/v/none`, encryption_metadata: { ...metadata, iv: "AAAA" } },
        { fetch: countingFetch, allowHttp: true },
      )
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: "invalid-metadata", field: "iv" });
    const noUrl = await build
      .downloadFlowMedia(
        { cdn_url: "file:///etc/passwd", encryption_metadata: metadata },
        { fetch: countingFetch },
      )
      .catch((e: unknown) => e);
    expect(noUrl).toMatchObject({ code: "invalid-metadata", field: "cdn_url" });
    expect(fetched).toBe(0);
  });

  it("stops when the signal aborts, rejecting with its reason", async () => {
    const { metadata } = encryptMediaWithNode(randomBytes(10));
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    const never = (_url: string, init: RequestInit) =>
      new Promise<Response>((_, reject) => {
        init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      });
    const pending = build.downloadFlowMedia(
      { cdn_url: "https://mmg.whatsapp.net/v/x", encryption_metadata: metadata },
      { fetch: never, signal: controller.signal },
    );
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});
