/**
 * The vendor's API reference pages → OpenAPI documents. 360dialog publishes the
 * Messaging API as one OpenAPI 3.1 document per operation, embedded as a
 * fenced ```json block in the Markdown form of each tag's reference page
 * (docs.360dialog.com serves a page's Markdown when `.md` is appended to its
 * URL, e.g. .../docs/messaging-api/api-reference/encryption.md).
 */
import * as path from "node:path";
import { marked, type Token, type Tokens } from "marked";
import { parse as parseYaml } from "yaml";
import { SpecLoadError, SpecPipelineError, throwProblems } from "./errors.js";
import { isJsonObject } from "./json.js";
import { readText } from "./load.js";
import { storedName } from "./naming.js";
import type { InputDocument } from "./spec-update.js";

/** Longest page read (the vendor's pages are a few kB; a runaway response is not buffered whole). */
const MAX_PAGE_BYTES = 5 * 1024 * 1024;

/** Reads a page: an http(s) URL is fetched, anything else is a file relative to `cwd`. */
export async function readPage(page: string, cwd: string): Promise<string> {
  if (!/^https?:\/\//i.test(page)) return readText(path.resolve(cwd, page), page);
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
 * True when a fenced block runs to the end of the text without its closing fence: CommonMark
 * closes such a block at the end of the document (https://spec.commonmark.org/0.31.2/#fenced-code-blocks),
 * which is what a page cut off in transfer looks like.
 */
function isUnclosedFence(block: Tokens.Code): boolean {
  const lines = block.raw.replace(/\n+$/, "").split("\n");
  const fence = /^\s*(`{3,}|~{3,})/.exec(lines[0] ?? "")?.[1];
  if (fence === undefined) return false; // an indented code block has no fence
  const closing = new RegExp(`^\\s*\\${fence[0]}{${fence.length},}\\s*$`);
  return lines.length < 2 || !closing.test(lines[lines.length - 1] ?? "");
}

/**
 * Every OpenAPI document embedded in a page, in page order. Each is named by
 * the rule of scripts/lib/naming.ts (its operationId: `get-business-public-key.json`),
 * the name `spec/upstream/` keeps it under whichever command stored it. A
 * ```json or ```yaml block that mentions `openapi` but does not parse is an
 * error ("cut off: unclosed fence" when the page ends inside the block): a
 * silently skipped operation would look like a removed one. Every broken block
 * of the page is reported, not only the first.
 *
 * @param page the URL or file name, for messages and names
 */
export function extractDocuments(markdown: string, page: string): InputDocument[] {
  const documents: InputDocument[] = [];
  const problems: SpecLoadError[] = [];
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
      problems.push(
        isUnclosedFence(block)
          ? new SpecLoadError(
              source,
              "cut off: unclosed fence (the page ends inside this OpenAPI document, so it is incomplete). " +
                "Fetch the page again; if it stays cut off, tell the vendor.",
              { cause: error },
            )
          : new SpecLoadError(
              source,
              `looks like an OpenAPI document but does not parse: ${(error as Error).message}`,
              { cause: error },
            ),
      );
      return;
    }
    if (!isJsonObject(value) || typeof value.openapi !== "string") return;
    documents.push({
      name: storedName(value, json ? "json" : "yaml"),
      source,
      // marked drops the newline before the closing fence; a stored YAML file ends with one.
      text: `${block.text}\n`,
    });
  });
  throwProblems(problems);
  if (documents.length === 0) {
    throw new SpecLoadError(
      page,
      "has no embedded OpenAPI document (no ```json or ```yaml block with an `openapi` field). " +
        "Check that the URL is the Markdown form of an API reference page (ending in .md).",
    );
  }
  return documents;
}

/** What reading a list of pages gave: the documents of the pages that were read, and why the others failed. */
export interface PagesResult {
  documents: InputDocument[];
  /** The pages whose documents are in `documents`. */
  read: string[];
  /** One error per page that failed (unreadable, no document, a broken or conflicting document). */
  failures: { page: string; error: SpecPipelineError }[];
}

/**
 * Reads every page and extracts its documents. A page that fails (cannot be
 * fetched, has no document, has a broken one) fails alone, with its reason;
 * the other pages go on. The same document on two pages (a shared operation)
 * is kept once; a page defining a different document under a name another page
 * already gave fails.
 */
export async function readPages(pages: readonly string[], cwd: string): Promise<PagesResult> {
  const results = await Promise.allSettled(
    pages.map(async (page) => extractDocuments(await readPage(page, cwd), page)),
  );
  const byName = new Map<string, InputDocument>();
  const read: string[] = [];
  const failures: PagesResult["failures"] = [];
  results.forEach((result, i) => {
    const page = pages[i] ?? "";
    if (result.status === "rejected") {
      if (!(result.reason instanceof SpecPipelineError)) throw result.reason;
      failures.push({ page, error: result.reason });
      return;
    }
    const clash = result.value.find((document) => {
      const seen = byName.get(document.name);
      return seen !== undefined && seen.text !== document.text;
    });
    if (clash) {
      const seen = byName.get(clash.name) as InputDocument;
      failures.push({
        page,
        error: new SpecLoadError(
          clash.source,
          `defines a different ${clash.name} than ${seen.source}; each upstream document is stored under one name`,
        ),
      });
      return;
    }
    for (const document of result.value) byName.set(document.name, document);
    read.push(page);
  });
  return { documents: [...byName.values()], read, failures };
}

/**
 * Reads every page and extracts its documents; throws every page's problem at
 * once (a {@link SpecProblemsError} when there are several) if any page failed.
 */
export async function documentsFromPages(
  pages: readonly string[],
  cwd: string,
): Promise<InputDocument[]> {
  const { documents, failures } = await readPages(pages, cwd);
  throwProblems(failures.map((failure) => failure.error));
  return documents;
}
