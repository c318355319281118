import { createPrivateKey, createPublicKey } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  d360,
  expectNoSecretsInOutput,
  json,
  opensshStyleFingerprint,
  PASSPHRASE,
  removeTempDirs,
  tempDir,
} from "./helpers.js";

const mode = (path: string) => statSync(path).mode & 0o777;

afterAll(() => {
  expectNoSecretsInOutput();
  removeTempDirs();
});

describe("d360 keygen", () => {
  it("writes a private.pem (0600, PKCS#8) and a matching public.pem, and prints the fingerprint", async () => {
    const dir = tempDir();
    const run = await d360(["keygen", "--out", dir]);
    expect(run.code).toBe(0);
    const privatePem = readFileSync(join(dir, "private.pem"), "utf8");
    const publicPem = readFileSync(join(dir, "public.pem"), "utf8");
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(mode(join(dir, "private.pem"))).toBe(0o600);
    const derived = createPublicKey(createPrivateKey(privatePem)).export({
      type: "spki",
      format: "pem",
    });
    expect(derived).toBe(publicPem);
    expect(createPublicKey(publicPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(run.stdout).toContain(`Fingerprint: ${opensshStyleFingerprint(publicPem)}`);
    expect(run.stdout).toContain(`d360 key set ${join(dir, "public.pem")}`);
    // Written via temporary files that are renamed: none may be left behind.
    expect(readdirSync(dir).sort()).toEqual(["private.pem", "public.pem"]);
  });

  it("writes into the working directory by default and creates a missing --out directory", async () => {
    const cwd = tempDir();
    expect((await d360(["keygen"], { cwd })).code).toBe(0);
    expect(readdirSync(cwd).sort()).toEqual(["private.pem", "public.pem"]);
    const run = await d360(["keygen", "--out", "nested/keys", "--json"], { cwd });
    expect(run.code).toBe(0);
    expect(json(run)).toMatchObject({ privateKey: join("nested/keys", "private.pem") });
    expect(mode(join(cwd, "nested/keys/private.pem"))).toBe(0o600);
  });

  it("refuses to overwrite either file without --force, and then writes neither", async () => {
    const dir = tempDir();
    expect((await d360(["keygen", "--out", dir])).code).toBe(0);
    const before = readFileSync(join(dir, "private.pem"), "utf8");
    const again = await d360(["keygen", "--out", dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("Refusing to overwrite");
    expect(again.stderr).toContain("--force");
    expect(again.stdout).toBe("");
    expect(readFileSync(join(dir, "private.pem"), "utf8")).toBe(before);

    const onlyPublic = tempDir();
    writeFileSync(join(onlyPublic, "public.pem"), "keep me");
    const refused = await d360(["keygen", "--out", onlyPublic]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("public.pem");
    expect(existsSync(join(onlyPublic, "private.pem"))).toBe(false);
    expect(readFileSync(join(onlyPublic, "public.pem"), "utf8")).toBe("keep me");
    expect(readdirSync(onlyPublic)).toEqual(["public.pem"]);
  });

  it("replaces both files with --force, keeping private.pem at 0600", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "private.pem"), "old", { mode: 0o644 });
    writeFileSync(join(dir, "public.pem"), "old");
    const run = await d360(["keygen", "--out", dir, "--force", "--json"]);
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, "private.pem"), "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(mode(join(dir, "private.pem"))).toBe(0o600);
    expect(json(run).fingerprint).toBe(
      opensshStyleFingerprint(readFileSync(join(dir, "public.pem"), "utf8")),
    );
  });

  it("encrypts private.pem with the passphrase from --passphrase-env and never prints it", async () => {
    const dir = tempDir();
    const run = await d360(["keygen", "--out", dir, "--passphrase-env", "KEY_PASS", "--json"], {
      env: { KEY_PASS: PASSPHRASE },
    });
    expect(run.code).toBe(0);
    const result = json(run);
    expect(result).toEqual({
      privateKey: join(dir, "private.pem"),
      publicKey: join(dir, "public.pem"),
      encrypted: true,
      fingerprint: expect.stringMatching(/^SHA256:[A-Za-z0-9+/]{43}$/),
      modulusBits: 2048,
    });
    const privatePem = readFileSync(join(dir, "private.pem"), "utf8");
    expect(privatePem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    expect(mode(join(dir, "private.pem"))).toBe(0o600);
    expect(() => createPrivateKey(privatePem)).toThrow();
    const key = createPrivateKey({ key: privatePem, passphrase: PASSPHRASE });
    expect(createPublicKey(key).export({ type: "spki", format: "pem" })).toBe(
      readFileSync(join(dir, "public.pem"), "utf8"),
    );
  });

  it("refuses an unset passphrase variable, and a passphrase given where the variable name belongs", async () => {
    const dir = tempDir();
    const unset = await d360(["keygen", "--out", dir, "--passphrase-env", "NOT_SET_ANYWHERE"]);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain("NOT_SET_ANYWHERE");
    expect(readdirSync(dir)).toEqual([]);

    const mistaken = await d360(["keygen", "--out", dir, "--passphrase-env", PASSPHRASE]);
    expect(mistaken.code).toBe(2);
    expect(mistaken.stderr).toContain("NAME of an environment variable");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("reports an unwritable --out as an input error (exit 2)", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "file"), "");
    const run = await d360(["keygen", "--out", join(dir, "file")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Could not write the key files");
  });
});

describe("writeFilesAtomically: both files or neither", () => {
  const files = (dir: string) =>
    ["private.pem", "public.pem"].map((name) => ({
      path: join(dir, name),
      label: name,
      content: `new ${name}`,
      mode: name === "private.pem" ? 0o600 : 0o644,
    }));

  it("puts the old private key back when replacing the public key fails half-way", async () => {
    const { writeFilesAtomically } = await import("../src/files.js");
    const { rename } = await import("node:fs/promises");
    const dir = tempDir();
    writeFileSync(join(dir, "private.pem"), "old private", { mode: 0o600 });
    writeFileSync(join(dir, "public.pem"), "old public");
    let renames = 0;
    // The real rename, failing on the second file's move into place (as a full disk or a
    // vanished directory would), after the private key was already replaced.
    const failingSecond = async (from: string, to: string) => {
      renames++;
      if (to === join(dir, "public.pem") && from.endsWith(".tmp"))
        throw Object.assign(new Error("no space left"), { code: "ENOSPC" });
      await rename(from, to);
    };
    await expect(
      writeFilesAtomically(files(dir), { force: true }, failingSecond),
    ).rejects.toMatchObject({
      name: "InputError",
      message: expect.stringContaining("the files that were there before are back in place"),
    });
    expect(renames).toBeGreaterThanOrEqual(3); // private in, public failed, private back
    expect(readFileSync(join(dir, "private.pem"), "utf8")).toBe("old private");
    expect(readFileSync(join(dir, "public.pem"), "utf8")).toBe("old public");
    expect(mode(join(dir, "private.pem"))).toBe(0o600);
    // No temporary or backup file is left beside them.
    expect(readdirSync(dir).sort()).toEqual(["private.pem", "public.pem"]);
  });

  it("removes a new private key when the public key cannot be placed and none was there", async () => {
    const { writeFilesAtomically } = await import("../src/files.js");
    const { rename } = await import("node:fs/promises");
    const dir = tempDir();
    const failingSecond = async (from: string, to: string) => {
      if (to === join(dir, "public.pem")) throw Object.assign(new Error("EIO"), { code: "EIO" });
      await rename(from, to);
    };
    await expect(writeFilesAtomically(files(dir), { force: false }, failingSecond)).rejects.toThrow(
      "Could not write the key files",
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it("with --force, replaces both and leaves no temporary or backup file", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "private.pem"), "old private", { mode: 0o600 });
    writeFileSync(join(dir, "public.pem"), "old public");
    const run = await d360(["keygen", "--out", dir, "--force"]);
    expect(run.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["private.pem", "public.pem"]);
    const privatePem = readFileSync(join(dir, "private.pem"), "utf8");
    expect(
      createPublicKey(createPrivateKey(privatePem)).export({ type: "spki", format: "pem" }),
    ).toBe(readFileSync(join(dir, "public.pem"), "utf8"));
  });
});
