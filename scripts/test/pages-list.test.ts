// spec/pages.txt lists every page of the vendor's Messaging API reference, so the weekly
// workflow brings the whole API: the slugs and the base URL come from spec/vendor-reference.md.
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { expect, test } from "vitest";
import { REPO_ROOT } from "../lib/layout.js";

test("spec/pages.txt has the Markdown form of every reference page listed in spec/vendor-reference.md", async () => {
  const reference = await readFile(path.join(REPO_ROOT, "spec/vendor-reference.md"), "utf8");
  const base = /Base: `([^`]+)\/<tag>`/.exec(reference)?.[1];
  const known =
    /Pages known \(tag → slug\):([\s\S]*?)\. Newest versions/.exec(reference)?.[1] ?? "";
  const slugs = [...known.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]);
  expect(base).toBe("https://docs.360dialog.com/docs/messaging-api/api-reference");
  expect(slugs.length).toBeGreaterThan(10);
  const pages = (await readFile(path.join(REPO_ROOT, "spec/pages.txt"), "utf8"))
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  expect([...pages].sort()).toEqual(slugs.map((slug) => `${base}/${slug}.md`).sort());
});
