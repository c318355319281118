import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import * as types from "../src/index.js";

describe("runtime exports", () => {
  test("SPEC_VERSION is the effective spec's info.version", async () => {
    const spec = JSON.parse(
      await readFile(new URL("../../../spec/openapi.json", import.meta.url), "utf8"),
    ) as { info: { version: string } };
    expect(types.SPEC_VERSION).toBe(spec.info.version);
  });

  test("SPEC_VERSION is the only runtime export (everything else is a type)", () => {
    expect(Object.keys(types)).toEqual(["SPEC_VERSION"]);
  });
});
