// spec:fetch reads the vendor's reference pages (Markdown), extracts the embedded OpenAPI
// documents and hands them to spec:update. The seed page is the vendor's Encryption page as
// published (fixtures/spec-fetch/encryption-api-reference.md); the Messages page is ours, in
// the same format, at a later version.
import { once } from "node:events";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { LAYOUT, REPO_ROOT } from "../lib/layout.js";
import { documentsFromPages, extractDocuments } from "../lib/pages.js";
import { generateInMemory, staleFiles } from "../lib/pipeline.js";
import { runSpecFetch } from "../spec-fetch.js";
import { captureOutput, copyRepo, fixturePath, snapshot } from "./helpers/repo-copy.js";

const pages = fixturePath("spec-fetch");
const ENCRYPTION = path.join(pages, "encryption-api-reference.md");
const MESSAGES = path.join(pages, "messages-api-reference.md");

let repo: Awaited<ReturnType<typeof copyRepo>>;
beforeEach(async () => {
  repo = await copyRepo();
});
afterEach(() => repo.dispose());

describe("extracting the documents of a page", () => {
  test("the seed page yields exactly the documents in spec/upstream/, byte for byte once stored", async () => {
    const documents = await documentsFromPages([ENCRYPTION], REPO_ROOT);
    expect(documents.map((d) => d.name)).toEqual([
      "get-business-public-key.json",
      "set-business-public-key.json",
    ]);
    expect(documents.map((d) => d.source)).toEqual([
      `${ENCRYPTION} (code block 1)`,
      `${ENCRYPTION} (code block 2)`,
    ]);
    // Stored through spec:fetch → spec:update, spec/upstream/ is unchanged: same names, same bytes.
    const before = await snapshot(repo.root);
    const run = captureOutput();
    expect(await runSpecFetch([ENCRYPTION], { root: repo.root, output: run.output })).toBe(0);
    expect(run.out.join("\n")).toContain("The effective spec did not change");
    expect(await snapshot(repo.root)).toEqual(before);
    const upstream = path.join(REPO_ROOT, LAYOUT.upstreamDir);
    expect((await readdir(upstream)).sort()).toEqual(documents.map((d) => d.name));
  });

  test("a ```yaml block is kept byte for byte as .yaml; blocks that are not OpenAPI are skipped", () => {
    const yaml =
      "openapi: 3.1.0\ninfo:\n  title: T\n  version: 1.0.0\npaths:\n  /a:\n    get:\n      operationId: list-a\n";
    const markdown = [
      "# Page",
      "```bash\ncurl https://example.test\n```",
      '```json\n{"example": true}\n```',
      "- a list item holding the document:",
      "",
      `  \`\`\`yaml\n${yaml
        .trimEnd()
        .split("\n")
        .map((l) => `  ${l}`)
        .join("\n")}\n  \`\`\``,
    ].join("\n\n");
    expect(extractDocuments(markdown, "page.md")).toEqual([
      { name: "list-a.yaml", source: "page.md (code block 3)", text: yaml },
    ]);
  });

  test("a page without a document, and a broken document, are errors naming the page and block", () => {
    expect(() => extractDocuments("# Nothing here\n", "empty.md")).toThrow(
      /^empty\.md: has no embedded OpenAPI document/,
    );
    expect(() =>
      extractDocuments('```json\n{"openapi": "3.1.0", "paths": \n```\n', "broken.md"),
    ).toThrow(/^broken\.md \(code block 1\): looks like an OpenAPI document but does not parse/);
  });

  test("two pages defining different documents under one name are refused", async () => {
    const changed = (await readFile(ENCRYPTION, "utf8")).replace('"1.41.0"', '"1.41.1"');
    const other = path.join(repo.root, "encryption-copy.md");
    await writeFile(other, changed);
    await expect(documentsFromPages([ENCRYPTION, other], repo.root)).rejects.toThrow(
      /defines a different get-business-public-key\.json than .*encryption-api-reference\.md \(code block 1\)/,
    );
  });
});

describe("pnpm spec:fetch over HTTP", () => {
  let server: Server;
  let base: string;
  const served = new Map<string, string>();
  beforeEach(async () => {
    served.set(
      "/docs/messaging-api/api-reference/encryption.md",
      await readFile(ENCRYPTION, "utf8"),
    );
    served.set("/docs/messaging-api/api-reference/messages.md", await readFile(MESSAGES, "utf8"));
    server = createServer((request, response) => {
      const page = served.get(request.url ?? "");
      response.writeHead(page ? 200 : 404, { "content-type": "text/markdown; charset=utf-8" });
      response.end(page ?? "# Page Not Found\n");
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/docs/messaging-api/api-reference`;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("Encryption at 1.41.0 and Messages at 1.44.0: regenerated at 1.44.0 with a minor changeset", async () => {
    const run = captureOutput();
    const code = await runSpecFetch([`${base}/encryption.md`, `${base}/messages.md`], {
      root: repo.root,
      output: run.output,
    });
    expect(run.err).toEqual([]);
    expect(code).toBe(0);
    const out = run.out.join("\n");
    expect(out).toContain(`send-message.json ← ${base}/messages.md (code block 1)`);
    expect(out).toContain("Changes (minor):");
    expect((await readdir(path.join(repo.root, LAYOUT.upstreamDir))).sort()).toEqual([
      "get-business-public-key.json",
      "send-message.json",
      "set-business-public-key.json",
    ]);
    // Stored as spec:update stores JSON: the vendor's values and key order, pretty-printed.
    const fixture = await readFile(
      fixturePath("spec-update/messages-1.44.0/send-message.json"),
      "utf8",
    );
    expect(
      await readFile(path.join(repo.root, LAYOUT.upstreamDir, "send-message.json"), "utf8"),
    ).toBe(`${JSON.stringify(JSON.parse(fixture), null, 2)}\n`);
    expect(await readFile(path.join(repo.root, LAYOUT.typesVersion), "utf8")).toContain(
      'SPEC_VERSION = "1.44.0"',
    );
    const changesets = await readdir(path.join(repo.root, LAYOUT.changesetDir));
    expect(changesets).toEqual([expect.stringMatching(/^spec-update-1-44-0-[0-9a-f]{8}\.md$/)]);
    expect(await staleFiles(repo.root, await generateInMemory(repo.root))).toEqual([]);
  });

  test("a page that is not there: exit 1 naming the URL and status, nothing written", async () => {
    const before = await snapshot(repo.root);
    const run = captureOutput();
    const code = await runSpecFetch([`${base}/encryption.md`, `${base}/webhooks.md`], {
      root: repo.root,
      output: run.output,
    });
    expect(code).toBe(1);
    expect(run.err.join("\n")).toMatch(
      new RegExp(
        `^SpecLoadError: ${base}/webhooks\\.md: answered 404 Not Found;.*\\nNothing was written\\.$`,
        "s",
      ),
    );
    expect(await snapshot(repo.root)).toEqual(before);
  });

  test("no arguments or an option: usage, exit 2", async () => {
    const run = captureOutput();
    expect(await runSpecFetch([], { root: repo.root, output: run.output })).toBe(2);
    expect(await runSpecFetch(["--all"], { root: repo.root, output: run.output })).toBe(2);
    expect(run.err[0]).toContain("usage: pnpm spec:fetch");
  });
});
