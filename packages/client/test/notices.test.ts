// The client's generated methods and message types derive from Meta's MIT-licensed document
// (spec/meta/): the package ships Meta's notice, in npm's `files` and JSR's `publish.include`.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFile(new URL(path, import.meta.url), "utf8");

describe("third-party notices", () => {
  it("THIRD_PARTY_NOTICES.md carries Meta's licence text and ships with both registries", async () => {
    const notice = await read("../THIRD_PARTY_NOTICES.md");
    const licence = await read("../../../spec/meta/LICENSE");
    const words = (text: string) => text.replace(/\s+/g, " ").trim();
    expect(words(notice)).toContain(words(licence));
    const pkg = JSON.parse(await read("../package.json")) as { files: string[] };
    expect(pkg.files).toContain("THIRD_PARTY_NOTICES.md");
    const jsr = JSON.parse(await read("../jsr.json")) as { publish: { include: string[] } };
    expect(jsr.publish.include).toContain("THIRD_PARTY_NOTICES.md");
  });
});
