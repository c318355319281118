// d360 send and d360 media upload/download, run as users run them (the built binary), against
// the mock server on loopback (validation, the API key, a media round trip) and against a small
// HTTP server on loopback that plays the API where exact answers matter (Meta's lookaside URL,
// a SHA-256 that does not match).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@d360-messaging/mock-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  API_KEY,
  d360,
  expectNoSecretsInOutput,
  json,
  removeTempDirs,
  tempDir,
  WRONG_API_KEY,
} from "./helpers.js";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}
let handler: (req: Seen, res: ServerResponse) => void = () => {};
const seen: Seen[] = [];
const api = createServer((req, res) => {
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
    handler(request, res);
  });
});
let apiUrl: string;
let mock: MockServer;

const reply = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

beforeAll(async () => {
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  mock = await startMockServer({ apiKeys: [API_KEY] });
});
afterAll(async () => {
  await new Promise((resolve) => api.close(resolve));
  await mock.close();
  expectNoSecretsInOutput();
  removeTempDirs();
});
afterEach(() => {
  seen.length = 0;
});

const env = () => ({ D360_API_KEY: API_KEY, D360_BASE_URL: apiUrl });

describe("d360 send", () => {
  it("sends a text and prints the message ID; --json prints the API's answer", async () => {
    handler = (_req, res) =>
      reply(res, 200, {
        messaging_product: "whatsapp",
        contacts: [{ input: "4915112345678", wa_id: "4915112345678" }],
        messages: [{ id: "wamid.TEXT1" }],
      });
    const run = await d360(["send", "--to", "4915112345678", "--text", "Your order has shipped"], {
      env: env(),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Sent wamid.TEXT1 to 4915112345678");
    expect(JSON.parse(seen[0]?.body.toString() ?? "")).toEqual({
      messaging_product: "whatsapp",
      to: "4915112345678",
      type: "text",
      text: { body: "Your order has shipped" },
    });
    expect(seen[0]?.headers["d360-api-key"]).toBe(API_KEY);
    const asJson = await d360(["send", "--to", "4915112345678", "--text", "hi", "--json"], {
      env: env(),
    });
    expect(json(asJson)).toMatchObject({ messages: [{ id: "wamid.TEXT1" }] });
  });

  it("sends a template with its language", async () => {
    handler = (_req, res) =>
      reply(res, 200, {
        messaging_product: "whatsapp",
        contacts: [{ input: "4915112345678", wa_id: "4915112345678" }],
        messages: [{ id: "wamid.TPL", message_status: "accepted" }],
      });
    const run = await d360(
      ["send", "--to", "4915112345678", "--template", "hello_world", "--lang", "en_US"],
      { env: env() },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Sent wamid.TPL to 4915112345678: accepted.");
    expect(JSON.parse(seen[0]?.body.toString() ?? "")).toEqual({
      messaging_product: "whatsapp",
      to: "4915112345678",
      type: "template",
      template: { name: "hello_world", language: { code: "en_US" } },
    });
  });

  it("the mock takes what it sends (Meta's schema) and refuses a wrong API key with exit 3", async () => {
    const base = { D360_BASE_URL: mock.url };
    await d360(["send", "--to", "4915112345678", "--template", "hello_world", "--lang", "en_US"], {
      env: { ...base, D360_API_KEY: API_KEY },
    });
    expect(mock.requests.at(-1)).toMatchObject({ method: "POST", path: "/messages", status: 200 });
    const wrong = await d360(["send", "--to", "4915112345678", "--text", "hi"], {
      env: { ...base, D360_API_KEY: WRONG_API_KEY },
    });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain("360dialog answered 401");
  });

  it("a wrong command line is exit 2 and sends nothing", async () => {
    const cases: [string[], RegExp][] = [
      [["send", "--text", "hi"], /--to/],
      [["send", "--to", "not-a-number", "--text", "hi"], /not a phone number/],
      [["send", "--to", "4915112345678"], /either --text or --template/],
      [
        ["send", "--to", "4915112345678", "--text", "a", "--template", "b"],
        /either --text or --template/,
      ],
      [["send", "--to", "4915112345678", "--template", "hello_world"], /needs --lang/],
      [
        ["send", "--to", "4915112345678", "--template", "x", "--lang", "english"],
        /not a language code/,
      ],
      [
        ["send", "--to", "4915112345678", "--text", "hi", "--lang", "en"],
        /--lang goes with --template/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await d360(args, { env: env() });
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr, args.join(" ")).toMatch(message);
    }
    expect(seen).toHaveLength(0);
  });
});

describe("d360 media", () => {
  const FILE = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31 + 7) & 0xff));
  const SHA = createHash("sha256").update(FILE).digest("hex");

  it("upload sends the file with its type from the extension and prints the media ID", async () => {
    handler = (_req, res) => reply(res, 200, { id: "4490709327384033" });
    const dir = tempDir();
    const photo = join(dir, "photo.jpg");
    writeFileSync(photo, FILE);
    const run = await d360(["media", "upload", photo, "--json"], { env: env() });
    expect(run.code).toBe(0);
    expect(json(run)).toEqual({
      id: "4490709327384033",
      mimeType: "image/jpeg",
      size: FILE.length,
    });
    const form = await new Response(new Uint8Array(seen[0]?.body ?? []), {
      headers: { "content-type": String(seen[0]?.headers["content-type"]) },
    }).formData();
    expect(form.get("type")).toBe("image/jpeg");
    expect(Buffer.from(await (form.get("file") as File).arrayBuffer())).toEqual(FILE);
  });

  it("upload refuses a file WhatsApp would refuse, or one of unknown type, with exit 2 and sends nothing", async () => {
    const dir = tempDir();
    const big = join(dir, "big.png");
    writeFileSync(big, Buffer.alloc(5 * 1024 * 1024 + 1));
    const tooBig = await d360(["media", "upload", big], { env: env() });
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toContain("limit of 5242880 bytes for image/png");
    const unknown = join(dir, "notes.xyz");
    writeFileSync(unknown, "x");
    const noType = await d360(["media", "upload", unknown], { env: env() });
    expect(noType.code).toBe(2);
    expect(noType.stderr).toContain("--type");
    const gif = await d360(["media", "upload", unknown, "--type", "image/gif"], { env: env() });
    expect(gif.code).toBe(2);
    expect(gif.stderr).toContain('does not take media of type "image/gif"');
    const missing = await d360(["media", "upload", join(dir, "nope.jpg")], { env: env() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file");
    // A file where a directory belongs is named in words, as the key commands name it.
    const underFile = await d360(["media", "upload", join(big, "photo.jpg")], { env: env() });
    expect(underFile.code).toBe(2);
    expect(underFile.stderr).toContain("a path component is a file, not a directory");
    expect(seen).toHaveLength(0);
  });

  it("download writes the file whole, checks its SHA-256, and never overwrites without --force", async () => {
    handler = (req, res) => {
      if (req.url.startsWith("/whatsapp_business/attachments/")) {
        res.writeHead(200, { "content-type": "image/jpeg" });
        res.end(FILE);
      } else
        reply(res, 200, {
          url: "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1&ext=2&hash=3",
          mime_type: "image/jpeg",
          sha256: SHA,
          file_size: String(FILE.length),
          id: "1",
        });
    };
    const dir = tempDir();
    const target = join(dir, "photo.jpg");
    const run = await d360(["media", "download", "1", "--out", target], { env: env() });
    expect(run.code).toBe(0);
    expect(readFileSync(target)).toEqual(FILE);
    expect(run.stdout).toContain(SHA);
    // The file's URL was rewritten to the API's host and got the key there.
    expect(seen.map((r) => r.url)).toEqual([
      "/1",
      "/whatsapp_business/attachments/?mid=1&ext=2&hash=3",
    ]);
    expect(seen[1]?.headers["d360-api-key"]).toBe(API_KEY);

    const again = await d360(["media", "download", "1", "--out", target], { env: env() });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("Refusing to overwrite");
    const forced = await d360(["media", "download", "1", "--out", target, "--force", "--json"], {
      env: env(),
    });
    expect(forced.code).toBe(0);
    expect(json(forced)).toMatchObject({ size: FILE.length, sha256: SHA, mimeType: "image/jpeg" });
    expect(readdirSync(dir)).toEqual(["photo.jpg"]);
  });

  it("download leaves nothing behind when the bytes do not match the API's SHA-256 or pass --max-bytes", async () => {
    handler = (req, res) => {
      if (req.url.startsWith("/whatsapp_business/")) {
        res.writeHead(200, { "content-type": "image/jpeg" });
        res.end(FILE);
      } else
        reply(res, 200, {
          url: `${apiUrl}/whatsapp_business/attachments/?mid=1`,
          mime_type: "image/jpeg",
          sha256: "0".repeat(64),
        });
    };
    const dir = tempDir();
    const target = join(dir, "photo.jpg");
    const altered = await d360(["media", "download", "1", "--out", target], { env: env() });
    expect(altered.code).toBe(2);
    expect(altered.stderr).toContain("SHA-256 does not match");
    const bounded = await d360(["media", "download", "1", "--out", target, "--max-bytes", "1000"], {
      env: env(),
    });
    expect(bounded.code).not.toBe(0);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("download refuses a media ID that is not a number and a bad --max-bytes, before any request", async () => {
    const target = join(tempDir(), "x");
    const bad = await d360(["media", "download", "../etc", "--out", target], { env: env() });
    expect(bad.code).toBe(2);
    const max = await d360(["media", "download", "1", "--out", target, "--max-bytes", "5MB"], {
      env: env(),
    });
    expect(max.code).toBe(2);
    expect(max.stderr).toContain("--max-bytes");
    expect(seen).toHaveLength(0);
  });
});

describe("d360 media against the mock", () => {
  it("uploads a file and downloads the same bytes back", async () => {
    const dir = tempDir();
    const source = join(dir, "shop.png");
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff));
    writeFileSync(source, bytes);
    const menv = { D360_API_KEY: API_KEY, D360_BASE_URL: mock.url };
    const up = await d360(["media", "upload", source, "--json"], { env: menv });
    expect(up.code).toBe(0);
    const { id } = json<{ id: string }>(up);
    const target = join(dir, "back.png");
    const down = await d360(["media", "download", id, "--out", target], { env: menv });
    expect(down.code).toBe(0);
    expect(readFileSync(target)).toEqual(bytes);
  });
});
