/**
 * The vendor's API reference pages → OpenAPI documents. 360dialog publishes the
 * Messaging API as one OpenAPI 3.1 document per operation, embedded as a
 * fenced ```json block in the Markdown form of each tag's reference page
 * (docs.360dialog.com serves a page's Markdown when `.md` is appended to its
 * URL, e.g. .../docs/messaging-api/api-reference/encryption.md).
 */
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { marked, type Token, type Tokens } from "marked";
import { parse as parseYaml } from "yaml";
import { SpecLoadError } from "./errors.js";
import { isJsonObject, type JsonObject } from "./json.js";
import { storedName } from "./naming.js";
import type { InputDocument } from "./spec-update.js";

/** Longest page read (the vendor's pages are a few kB; a runaway response is not buffered whole). */
const MAX_PAGE_BYTES = 5 * 1024 * 1024;

/** Reads a page: an http(s) URL is fetched, anything else is a file relative to `cwd`. */
export async function readPage(page: string, cwd: string): Promise<string> {
  if (!/^https?:\/\//i.test(page)) {
    try {
      return await readFile(path.resolve(cwd, page), "utf8");
    } catch (error) {
      throw new SpecLoadError(page, `cannot be read: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  let response: Response;
  try {
    response = await fetch(page, {
      headers: { accept: "text/markdown, text/plain;q=0.9, */*;q=0.1" },
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    throw new SpecLoadError(page, `cannot be fetched: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new SpecLoadError(
      page,
      `answered ${response.status} ${response.statusText}; check the URL (the Markdown form of a reference page ends in .md)`,
    );
  }
  const text = await response.text();
  if (text.length > MAX_PAGE_BYTES) {
    throw new SpecLoadError(page, `is larger than ${MAX_PAGE_BYTES} bytes; not a reference page`);
  }
  return text;
}

/** Code blocks of a Markdown text in document order, nested ones (in lists, quotes) included. */
function codeBlocks(markdown: string): Tokens.Code[] {
  const blocks: Tokens.Code[] = [];
  marked.walkTokens(marked.lexer(markdown), (token: Token) => {
    if (token.type === "code") blocks.push(token as Tokens.Code);
  });
  return blocks;
}

/**
 * Every OpenAPI document embedded in a page, in page order. Each is named by
 * the rule of scripts/lib/naming.ts (its operationId: `get-business-public-key.json`),
 * the name `spec/upstream/` keeps it under whichever command stored it. A ```json or ```yaml block that mentions `openapi` but does not
 * parse is an error: a silently skipped operation would look like a removed one.
 *
 * @param page the URL or file name, for messages and names
 */
export function extractDocuments(markdown: string, page: string): InputDocument[] {
  const documents: InputDocument[] = [];
  codeBlocks(markdown).forEach((block, index) => {
    const lang = (block.lang ?? "").trim().split(/\s+/)[0]?.toLowerCase() ?? "";
    if (!["json", "yaml", "yml", ""].includes(lang)) return;
    const source = `${page} (code block ${index + 1})`;
    const json = lang === "json" || (lang === "" && block.text.trimStart().startsWith("{"));
    let value: unknown;
    try {
      value = json ? JSON.parse(block.text) : parseYaml(block.text);
    } catch (error) {
      if (!/\bopenapi\b/.test(block.text)) return;
      throw new SpecLoadError(
        source,
        `looks like an OpenAPI document but does not parse: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (!isJsonObject(value) || typeof value.openapi !== "string") return;
    documents.push({
      name: storedName(value, json ? "json" : "yaml"),
      source,
      // marked drops the newline before the closing fence; a stored YAML file ends with one.
      text: `${block.text}\n`,
    });
  });
  if (documents.length === 0) {
    throw new SpecLoadError(
      page,
      "has no embedded OpenAPI document (no ```json or ```yaml block with an `openapi` field). " +
        "Check that the URL is the Markdown form of an API reference page (ending in .md).",
    );
  }
  return documents;
}

/**
 * Reads every page and extracts its documents. The same document on two pages
 * (a shared operation) is kept once; two different documents that would be
 * stored under one name are an error naming both places.
 */
export async function documentsFromPages(
  pages: readonly string[],
  cwd: string,
): Promise<InputDocument[]> {
  const texts = await Promise.all(pages.map((page) => readPage(page, cwd)));
  const byName = new Map<string, InputDocument>();
  texts.forEach((text, i) => {
    for (const document of extractDocuments(text, pages[i] ?? "")) {
      const seen = byName.get(document.name);
      if (!seen) byName.set(document.name, document);
      else if (seen.text !== document.text) {
        throw new SpecLoadError(
          document.source,
          `defines a different ${document.name} than ${seen.source}; each upstream document is stored under one name`,
        );
      }
    }
  });
  return [...byName.values()];
}
