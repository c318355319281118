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
import { SpecProblemsError } from "../lib/errors.js";
import { LAYOUT, REPO_ROOT } from "../lib/layout.js";
import { documentsFromPages, extractDocuments } from "../lib/pages.js";
import { generateInMemory, staleFiles } from "../lib/pipeline.js";
import { runSpecFetch } from "../spec-fetch.js";
import {
  captureOutput,
  copyRepo,
  fixturePath,
  snapshot,
  upstreamNamesByKind,
} from "./helpers/repo-copy.js";

const pages = fixturePath("spec-fetch");
const ENCRYPTION = path.join(pages, "encryption-api-reference.md");
const MESSAGES = path.join(pages, "messages-api-reference.md");

// Expectations come from the spec as it is: the documents under spec/upstream/ other than the
// Encryption page's are served as one more page ("the rest"), so these tests keep passing as
// the vendor's pages are added to the spec.
// The document derived from Meta's (x-derived-from) is no vendor page's: it is projected anew.
const UPSTREAM = path.join(REPO_ROOT, LAYOUT.upstreamDir);
const upstreamNames = async () => (await upstreamNamesByKind()).vendor;
const derivedNames = async () => (await upstreamNamesByKind()).derived;
/** Whether the committed effective spec has POST /messages (projected from Meta's document). */
const committedHasMessages = async () =>
  (
    JSON.parse(await readFile(path.join(REPO_ROOT, LAYOUT.effectiveSpec), "utf8")) as {
      paths: Record<string, Record<string, unknown>>;
    }
  ).paths["/messages"]?.post !== undefined;
/**
 * What the output says of the Messages page's POST /messages: added to the spec, or (when the
 * projection of Meta's document had it) taken over, with each correction of Meta's message
 * schema reported as no longer applying, not failing the run.
 */
const expectMessagesTakenOver = async (out: string) => {
  if (!(await committedHasMessages())) {
    expect(out).toContain("- minor: added path /messages");
    return;
  }
  expect(out).toMatch(/^ {2}- \w+: POST \/messages: /m);
  expect(out).toMatch(
    /^overlay spec\/projection-overlays\/\S+ action \d+ \(`[^`]+`\) no longer applies: POST \/messages now comes from the vendor's page$/m,
  );
};
/** A reference page in the vendor's format holding the stored documents `names`. */
const pageOf = async (names: readonly string[]) => {
  const blocks = await Promise.all(
    names.map(async (name) => {
      const text = (await readFile(path.join(UPSTREAM, name), "utf8")).trimEnd();
      return `## ${name}\n\n\`\`\`${name.endsWith(".json") ? "json" : "yaml"}\n${text}\n\`\`\`\n`;
    }),
  );
  return `# The rest of the API\n\n${blocks.join("\n")}`;
};

let repo: Awaited<ReturnType<typeof copyRepo>>;
beforeEach(async () => {
  repo = await copyRepo();
});
afterEach(() => repo.dispose());

describe("extracting the documents of a page", () => {
  test("the seed page's documents are the ones in spec/upstream/, byte for byte once stored", async () => {
    const documents = await documentsFromPages([ENCRYPTION], REPO_ROOT);
    expect(documents.map((d) => d.source)).toEqual(
      documents.map((_, i) => `${ENCRYPTION} (code block ${i + 1})`),
    );
    const names = await upstreamNames();
    for (const document of documents) expect(names).toContain(document.name);
    // The seed page plus a page with every other stored document, through spec:fetch →
    // spec:update: spec/upstream/ is unchanged, same names, same bytes.
    const others = names.filter((n) => !documents.some((d) => d.name === n));
    const rest = path.join(repo.root, "rest.md");
    await writeFile(rest, await pageOf(others));
    const before = await snapshot(repo.root);
    const run = captureOutput();
    const pages = others.length > 0 ? [ENCRYPTION, rest] : [ENCRYPTION];
    expect(await runSpecFetch(pages, { root: repo.root, output: run.output })).toBe(0);
    expect(run.out.join("\n")).toContain("The effective spec did not change");
    expect(await snapshot(repo.root)).toEqual(before);
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

  test("a page cut off inside a fence says so, not 'does not parse'", async () => {
    const page = await readFile(ENCRYPTION, "utf8");
    const second = page.indexOf("```json", page.indexOf("```json") + 1);
    const cut = page.slice(0, page.indexOf('"paths"', second));
    expect(() => extractDocuments(cut, "cut.md")).toThrow(
      /^cut\.md \(code block 2\): cut off: unclosed fence \(the page ends inside this OpenAPI document/,
    );
  });

  test("every broken block of a page is reported, not only the first", () => {
    const markdown =
      '```json\n{"openapi": "3.1.0", "paths": \n```\n\nText.\n\n```yaml\nopenapi: 3.1.0\npaths: [\n```\n';
    let error: unknown;
    try {
      extractDocuments(markdown, "broken.md");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SpecProblemsError);
    expect((error as SpecProblemsError).problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^broken\.md \(code block 1\): looks like an OpenAPI document but does not parse/,
      ),
      expect.stringMatching(
        /^broken\.md \(code block 2\): looks like an OpenAPI document but does not parse/,
      ),
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
  /** The "rest" page's URL, when spec/upstream/ has documents beyond the Encryption page's. */
  let rest: string[] = [];
  beforeEach(async () => {
    served.set(
      "/docs/messaging-api/api-reference/encryption.md",
      await readFile(ENCRYPTION, "utf8"),
    );
    served.set("/docs/messaging-api/api-reference/messages.md", await readFile(MESSAGES, "utf8"));
    const seed = (await documentsFromPages([ENCRYPTION], REPO_ROOT)).map((d) => d.name);
    const others = (await upstreamNames()).filter((name) => !seed.includes(name));
    served.set("/docs/messaging-api/api-reference/rest.md", await pageOf(others));
    server = createServer((request, response) => {
      const page = served.get(request.url ?? "");
      response.writeHead(page ? 200 : 404, { "content-type": "text/markdown; charset=utf-8" });
      response.end(page ?? "# Page Not Found\n");
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/docs/messaging-api/api-reference`;
    rest = others.length > 0 ? [`${base}/rest.md`] : [];
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("Encryption at 1.41.0 and Messages at 1.44.0: regenerated at 1.44.0 with a changeset", async () => {
    const run = captureOutput();
    const code = await runSpecFetch([`${base}/encryption.md`, `${base}/messages.md`, ...rest], {
      root: repo.root,
      output: run.output,
    });
    expect(run.err).toEqual([]);
    expect(code).toBe(0);
    const out = run.out.join("\n");
    expect(out).toContain(`send-message.json ← ${base}/messages.md (code block 1)`);
    await expectMessagesTakenOver(out);
    expect((await readdir(path.join(repo.root, LAYOUT.upstreamDir))).sort()).toEqual(
      [...(await upstreamNames()), ...(await derivedNames()), "send-message.json"].sort(),
    );
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

  test("every failed page is reported with its reason; the other pages go on, and a failed page's documents stay", async () => {
    const encryption = await readFile(ENCRYPTION, "utf8");
    const second = encryption.indexOf("```json", encryption.indexOf("```json") + 1);
    // A page cut off in transfer inside its second document, and one whose document is broken.
    served.set(
      "/docs/messaging-api/api-reference/media.md",
      encryption.slice(0, encryption.indexOf('"paths"', second)),
    );
    served.set(
      "/docs/messaging-api/api-reference/groups.md",
      '# Groups\n\n```json\n{"openapi": "3.1.0", "paths": }\n```\n',
    );
    const upstream = path.join(repo.root, LAYOUT.upstreamDir);
    const before = await snapshot(upstream);
    const run = captureOutput();
    // The Encryption page is not given: its documents are kept, since other pages failed.
    const pages = [
      `${base}/webhooks.md`,
      `${base}/messages.md`,
      `${base}/media.md`,
      ...rest,
      `${base}/groups.md`,
    ];
    const code = await runSpecFetch(pages, { root: repo.root, output: run.output });
    expect(code).toBe(1);
    const err = run.err.join("\n");
    expect(err).toContain(`3 of ${pages.length} pages failed:`);
    expect(err).toContain(`SpecLoadError: ${base}/webhooks.md: answered 404 Not Found;`);
    expect(err).toContain(
      `SpecLoadError: ${base}/media.md (code block 2): cut off: unclosed fence`,
    );
    expect(err).toContain(
      `SpecLoadError: ${base}/groups.md (code block 1): looks like an OpenAPI document but does not parse`,
    );
    // The pages that were read went on: Messages is added, no vendor document stored is removed
    // or rewritten (the derived one is projected anew, without what the vendor now serves).
    const after = await snapshot(upstream);
    expect([...after.keys()].sort()).toEqual([...before.keys(), "send-message.json"].sort());
    const derived = await derivedNames();
    for (const [name, text] of before)
      if (!derived.includes(name)) expect(after.get(name)).toBe(text);
    await expectMessagesTakenOver(run.out.join("\n"));
    expect(await staleFiles(repo.root, await generateInMemory(repo.root))).toEqual([]);
  });

  test("when no page can be read: exit 1, every reason, nothing written", async () => {
    const before = await snapshot(repo.root);
    const run = captureOutput();
    const code = await runSpecFetch([`${base}/webhooks.md`, `${base}/calling.md`], {
      root: repo.root,
      output: run.output,
    });
    expect(code).toBe(1);
    const err = run.err.join("\n");
    expect(err).toContain(`${base}/webhooks.md: answered 404 Not Found`);
    expect(err).toContain(`${base}/calling.md: answered 404 Not Found`);
    expect(err).toContain("No page could be read: nothing was written.");
    expect(await snapshot(repo.root)).toEqual(before);
  });

  test("no arguments or an option: usage, exit 2", async () => {
    const run = captureOutput();
    expect(await runSpecFetch([], { root: repo.root, output: run.output })).toBe(2);
    expect(await runSpecFetch(["--all"], { root: repo.root, output: run.output })).toBe(2);
    expect(run.err[0]).toContain("usage: pnpm spec:fetch");
  });
});
