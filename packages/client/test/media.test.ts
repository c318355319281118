// client.media.upload and client.media.download against real HTTP servers on loopback: one that
// plays the API (POST /media, GET /{media_id}, the attachments path 360dialog serves Meta's media
// URLs under), and one on another port that plays a third party (another origin): Meta's
// lookaside host, another origin, redirects and failures are what the mock does not produce. The
// round trip against the mock is test/roundtrip.test.ts.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createD360Client, isApiError, isMediaError } from "../src/index.js";
import { API_KEY, caught, expectNoLeak } from "./support/secrets.js";

afterAll(() => expectNoLeak());

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}
type Handler = (req: Seen, res: ServerResponse) => void;

async function serve(handler: { current: Handler }) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      seen.push(request);
      handler.current(request, res);
    });
  });
  // Node closes an idle keep-alive socket after 5 s; on a busy machine the next test's request
  // can meet that close (ECONNRESET with retry off). Idle sockets stay for the suite's length.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

// A file of pseudo-random bytes, so a truncated or re-ordered download cannot match.
const FILE = new Uint8Array(300_000).map((_, i) => (i * 7919 + (i >> 8)) & 0xff);
const SHA256 = createHash("sha256").update(FILE).digest("hex");

const api = { current: (() => {}) as Handler };
const other = { current: (() => {}) as Handler };
let apiServer: Awaited<ReturnType<typeof serve>>;
let otherServer: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  apiServer = await serve(api);
  otherServer = await serve(other);
});
afterAll(async () => {
  await apiServer.close();
  await otherServer.close();
});
afterEach(() => {
  apiServer.seen.length = 0;
  otherServer.seen.length = 0;
});

const client = () => createD360Client({ apiKey: API_KEY, baseUrl: apiServer.url, retry: false });

/** The API: GET /{id} answers `url`, the attachments path serves FILE. */
function mediaApi(url: (base: string) => string, extra: Record<string, unknown> = {}): Handler {
  return (req, res) => {
    if (req.url.startsWith("/whatsapp_business/attachments/")) {
      res.writeHead(200, { "content-type": "image/jpeg" });
      res.end(FILE);
    } else {
      json(res, 200, {
        url: url(apiServer.url),
        mime_type: "image/jpeg",
        sha256: SHA256,
        file_size: String(FILE.length),
        id: "1037543291543636",
        messaging_product: "whatsapp",
        ...extra,
      });
    }
  };
}

describe("media.download", () => {
  it("rewrites Meta's lookaside URL to the base URL, sends the key there, and streams the bytes", async () => {
    api.current = mediaApi(
      () =>
        "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1037543291543636&ext=1719000000&hash=ATs-abc",
    );
    const media = await client().media.download("1037543291543636");
    expect(media).toMatchObject({ mimeType: "image/jpeg", sha256: SHA256, fileSize: FILE.length });
    const bytes = new Uint8Array(await new Response(media.stream).arrayBuffer());
    expect(bytes).toEqual(FILE);
    // Checked with node:crypto over what arrived, against what the API announced.
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(media.sha256);
    expect(apiServer.seen.map((r) => r.url)).toEqual([
      "/1037543291543636",
      "/whatsapp_business/attachments/?mid=1037543291543636&ext=1719000000&hash=ATs-abc",
    ]);
    for (const request of apiServer.seen) expect(request.headers["d360-api-key"]).toBe(API_KEY);
  });

  it("fetches a URL of another origin without the API key or any client header", async () => {
    other.current = (_req, res) => {
      res.writeHead(200, { "content-type": "image/png" });
      res.end(FILE);
    };
    api.current = mediaApi(() => `${otherServer.url}/cdn/file?sig=1`, { mime_type: undefined });
    const media = await client().media.download("1");
    expect(new Uint8Array(await new Response(media.stream).arrayBuffer())).toEqual(FILE);
    expect(media.mimeType).toBe("image/png");
    expect(otherServer.seen).toHaveLength(1);
    expect(otherServer.seen[0]?.headers["d360-api-key"]).toBeUndefined();
    expect(JSON.stringify(otherServer.seen[0]?.headers)).not.toContain(API_KEY);
  });

  it("never follows a redirect from the API's origin (the key would go along): an ApiError of kind redirect", async () => {
    api.current = (req, res) => {
      if (req.url.startsWith("/whatsapp_business/")) {
        res.writeHead(302, { location: `${otherServer.url}/steal` });
        res.end();
      } else json(res, 200, { url: `${apiServer.url}/whatsapp_business/attachments/?mid=1` });
    };
    const error = await caught(client().media.download("1"));
    expect(isApiError(error)).toBe(true);
    expect(error.kind).toBe("redirect");
    expect(otherServer.seen).toHaveLength(0);
  });

  it("refuses a file the API announces over maxBytes before downloading it", async () => {
    api.current = mediaApi((base) => `${base}/whatsapp_business/attachments/?mid=1`);
    const error = await caught(client().media.download("1", { maxBytes: 1000 }));
    expect(isMediaError(error)).toBe(true);
    expect(error).toMatchObject({ code: "too_large", limit: 1000, size: FILE.length });
    expect(error.message).toContain("maxBytes (1000)");
    expect(apiServer.seen).toHaveLength(1);
  });

  it("stops the stream once more than maxBytes flowed when the size was not announced", async () => {
    api.current = mediaApi((base) => `${base}/whatsapp_business/attachments/?mid=1`, {
      file_size: undefined,
    });
    const media = await client().media.download("1", { maxBytes: 100_000 });
    const error = await caught(new Response(media.stream).arrayBuffer());
    expect(isApiError(error)).toBe(true);
    expect(error.kind).toBe("too_large");
  });

  it("an error status of the file's URL is an ApiError with the vendor's text, without the key", async () => {
    api.current = (req, res) => {
      if (req.url.startsWith("/whatsapp_business/"))
        json(res, 404, { error: { message: `Media not found for ${API_KEY}`, code: 100 } });
      else json(res, 200, { url: `${apiServer.url}/whatsapp_business/attachments/?mid=1` });
    };
    const error = await caught(client().media.download("1"));
    expect(error).toMatchObject({ name: "ApiError", status: 404, code: 100 });
    expect(error.message).toContain("Media not found");
  });

  it("a lookup without a URL is an ApiError naming what was expected", async () => {
    api.current = (_req, res) => json(res, 200, { id: "1" });
    const error = await caught(client().media.download("1"));
    expect(error).toMatchObject({ name: "ApiError", kind: "unexpected_body" });
    expect(error.message).toContain('{"url": "…"}');
  });
});

describe("media.upload", () => {
  it("sends multipart/form-data with messaging_product, type and the file, and resolves the id", async () => {
    api.current = (_req, res) => json(res, 200, { id: "4490709327384033" });
    const result = await client().media.upload(FILE.slice(0, 5000), {
      type: "image/jpeg",
      filename: "photo.jpg",
    });
    expect(result).toEqual({ id: "4490709327384033" });
    const [request] = apiServer.seen;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/media");
    expect(request?.headers["d360-api-key"]).toBe(API_KEY);
    // Parsed back with the platform's own multipart parser.
    const form = await new Response(new Uint8Array(request?.body ?? []), {
      headers: { "content-type": String(request?.headers["content-type"]) },
    }).formData();
    expect(form.get("messaging_product")).toBe("whatsapp");
    expect(form.get("type")).toBe("image/jpeg");
    const file = form.get("file") as File;
    expect(file.name).toBe("photo.jpg");
    expect(file.type).toBe("image/jpeg");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(FILE.slice(0, 5000));
  });

  it("takes a File's name and type", async () => {
    api.current = (_req, res) => json(res, 200, { id: "7" });
    await client().media.upload(
      new File([FILE.slice(0, 10)], "doc.pdf", { type: "application/pdf" }),
    );
    const text = apiServer.seen[0]?.body.toString("latin1") ?? "";
    expect(text).toContain('filename="doc.pdf"');
    expect(text).toContain("application/pdf");
  });

  it("refuses, before sending anything, a type WhatsApp does not take and a file over its limit", async () => {
    const cases: [Blob | Uint8Array, string, string, number | undefined][] = [
      [new Uint8Array(10), "image/gif", "unsupported_type", undefined],
      [new Uint8Array(5 * 1024 * 1024 + 1), "image/png", "too_large", 5 * 1024 * 1024],
      [new Uint8Array(16 * 1024 * 1024 + 1), "video/mp4", "too_large", 16 * 1024 * 1024],
      [
        new Uint8Array(16 * 1024 * 1024 + 1),
        "audio/ogg; codecs=opus",
        "too_large",
        16 * 1024 * 1024,
      ],
      [new Uint8Array(100 * 1024 + 1), "image/webp", "too_large", 100 * 1024],
    ];
    for (const [file, type, code, limit] of cases) {
      const error = await caught(client().media.upload(file, { type }));
      expect(isMediaError(error), type).toBe(true);
      expect(error).toMatchObject({ code, mimeType: type });
      if (limit !== undefined) {
        expect(error.limit).toBe(limit);
        expect(error.message).toContain(`limit of ${limit} bytes`);
      }
    }
    const missing = await caught(client().media.upload(new Uint8Array(3)));
    expect(missing).toBeInstanceOf(TypeError);
    expect(apiServer.seen).toHaveLength(0);
  });

  it("an animated WebP sticker may be up to 500 KB, a static one only 100 KB", async () => {
    api.current = (_req, res) => json(res, 200, { id: "9" });
    // RIFF container with a VP8X chunk whose flags byte (offset 20) has the Animation bit (0x02).
    const webp = (flags: number, size: number) => {
      const bytes = new Uint8Array(size);
      bytes.set(new TextEncoder().encode("RIFF"), 0);
      bytes.set(new TextEncoder().encode("WEBPVP8X"), 8);
      bytes[20] = flags;
      return bytes;
    };
    await expect(
      client().media.upload(webp(0x02, 300 * 1024), { type: "image/webp" }),
    ).resolves.toEqual({ id: "9" });
    const error = await caught(
      client().media.upload(webp(0x10, 300 * 1024), { type: "image/webp" }),
    );
    expect(error).toMatchObject({ name: "MediaError", code: "too_large", limit: 100 * 1024 });
    const big = await caught(
      client().media.upload(webp(0x02, 500 * 1024 + 1), { type: "image/webp" }),
    );
    expect(big).toMatchObject({ code: "too_large", limit: 500 * 1024 });
    expect(apiServer.seen).toHaveLength(1);
  });

  it("an answer without an id is an ApiError", async () => {
    api.current = (_req, res) => json(res, 200, { success: true });
    const error = await caught(client().media.upload(new Uint8Array(3), { type: "text/plain" }));
    expect(error).toMatchObject({ name: "ApiError", kind: "unexpected_body" });
  });
});
