// In-process tests of main() with an injected io: what a subprocess cannot show (a TTY) and the
// pieces that decide colour, redaction and exit codes.

import { REDACTED } from "@d360-messaging/keys/internal";
import { describe, expect, it } from "vitest";
import { ExitCode, main } from "../src/index.js";
import type { Io } from "../src/io.js";
import { Output, paint, shouldUseColor } from "../src/output.js";

function fakeIo(overrides: Partial<Io> = {}) {
  const written = { stdout: "", stderr: "" };
  const io: Partial<Io> = {
    stdout: { write: (text: string) => (written.stdout += text) },
    stderr: { write: (text: string) => (written.stderr += text) },
    env: {},
    stdin: (async function* () {})(),
    isTTY: false,
    ...overrides,
  };
  return { io, written };
}

describe("shouldUseColor", () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ TERM: "dumb" }, true, false],
    [{ NO_COLOR: "1" }, true, false],
    [{ NO_COLOR: "" }, true, true],
    [{ FORCE_COLOR: "1" }, false, true],
    [{ FORCE_COLOR: "" }, false, true],
    [{ FORCE_COLOR: "0" }, true, false],
    [{ FORCE_COLOR: "false" }, true, false],
    [{ FORCE_COLOR: "1", NO_COLOR: "1" }, true, false],
  ])("env %j on a TTY=%s → %s", (env, isTTY, expected) => {
    expect(shouldUseColor(env, isTTY)).toBe(expected);
  });
});

describe("Output", () => {
  it("scrubs registered secrets from every stream, also JSON-escaped", () => {
    const { io, written } = fakeIo();
    const out = new Output(io as Io, { color: false });
    out.addSecret('se"cret-value');
    out.addSecret("short");
    out.out('stdout se"cret-value');
    out.err('stderr se"cret-value');
    out.json({ value: 'se"cret-value' });
    expect(written.stdout).toBe(`stdout ${REDACTED}\n{\n  "value": "${REDACTED}"\n}\n`);
    expect(written.stderr).toBe(`stderr ${REDACTED}\n`);
    out.out("short stays: too short to scrub without mangling PEM");
    expect(written.stdout).toContain("short stays");
  });

  it("paints only when colour is on", () => {
    const colour = fakeIo();
    new Output(colour.io as Io, { color: true }).out(["a ", paint("red", "x")]);
    expect(colour.written.stdout).toBe("a \u001b[31mx\u001b[39m\n");
    const plain = fakeIo();
    new Output(plain.io as Io, { color: false }).out(["a ", paint("red", "x")]);
    expect(plain.written.stdout).toBe("a x\n");
  });

  it("escapes control characters in every line by default, painted pieces too", () => {
    const { io, written } = fakeIo();
    const out = new Output(io as Io, { color: true });
    const hostile = "OK\u001b]0;title\u0007\u001b[2J\r\nerror: fake\u009b31m\u202e";
    out.out(hostile);
    out.err(["status ", paint("red", hostile)]);
    const escaped = "OK\\x1b]0;title\\x07\\x1b[2J\\r\\nerror: fake\\x9b31m\\u202e";
    expect(written.stdout).toBe(`${escaped}\n`);
    expect(written.stderr).toBe(`status \u001b[31m${escaped}\u001b[39m\n`);
    // A painted piece put into a template literal by mistake still comes out escaped.
    expect(`${paint("red", hostile)}`).toBe(escaped);
  });

  it("keeps line breaks only in a block (help, PEM), escaping the rest", () => {
    const { io, written } = fakeIo();
    new Output(io as Io, { color: false }).block("-----BEGIN\r\nAAAA\u001b[2J\n-----END");
    expect(written.stdout).toBe("-----BEGIN\\r\nAAAA\\x1b[2J\n-----END\n");
  });

  it("scrubs a secret that holds a control character, before and after escaping", () => {
    const { io, written } = fakeIo();
    const out = new Output(io as Io, { color: false });
    out.addSecret("pass\u0007phrase-long");
    out.out("x pass\u0007phrase-long y");
    out.block("x pass\u0007phrase-long y");
    expect(written.stdout).toBe(`x ${REDACTED} y\nx ${REDACTED} y\n`);
  });
});

describe("main with an injected io", () => {
  it("colours on a TTY and not with NO_COLOR", async () => {
    const tty = fakeIo({ isTTY: true });
    expect(await main(["key", "set", "missing.pem"], tty.io)).toBe(ExitCode.USAGE);
    expect(tty.written.stderr).toContain("\u001b[31merror:\u001b[39m");
    const noColor = fakeIo({ isTTY: true, env: { NO_COLOR: "1" } });
    expect(await main(["key", "set", "missing.pem"], noColor.io)).toBe(ExitCode.USAGE);
    expect(noColor.written.stderr).toMatch(/^error: Cannot read the public key file 'missing.pem'/);
  });

  it("returns the exit code instead of exiting, and writes help to the injected stdout", async () => {
    const { io, written } = fakeIo();
    expect(await main(["--help"], io)).toBe(ExitCode.OK);
    expect(written.stdout).toContain("Usage: d360 <command>");
    expect(await main(["--nope"], io)).toBe(ExitCode.USAGE);
  });

  it("reads `key set -` from the injected stdin", async () => {
    const { io, written } = fakeIo({
      stdin: (async function* () {
        yield "-----BEGIN PUBLIC KEY-----\nnot base64 at all\n-----END PUBLIC KEY-----\n";
      })(),
      env: { D360_API_KEY: "never-used-key-123456" },
    });
    expect(await main(["key", "set", "-", "--json"], io)).toBe(ExitCode.USAGE);
    expect(JSON.parse(written.stdout)).toMatchObject({
      error: { type: "key_format", code: "MALFORMED" },
    });
  });

  it("stops `d360 mock` when the injected signal aborts", async () => {
    const controller = new AbortController();
    const { io, written } = fakeIo({ signal: controller.signal });
    const running = main(["mock", "--json"], io);
    await expect.poll(() => written.stdout).toContain('"url"');
    const { url } = JSON.parse(written.stdout) as { url: string };
    expect((await fetch(`${url}/whatsapp_business_encryption`)).status).toBe(401);
    controller.abort();
    expect(await running).toBe(ExitCode.OK);
    await expect(fetch(url)).rejects.toThrow();
  });

  it("maps an unexpected failure to the internal exit code with a bug-report hint", async () => {
    const { io, written } = fakeIo({
      stdout: {
        write: () => {
          throw new Error("stdout exploded");
        },
      },
    });
    expect(await main(["keygen", "--help"], io)).toBe(ExitCode.INTERNAL);
    expect(written.stderr).toContain("Unexpected error: stdout exploded");
    expect(written.stderr).toContain("This is a bug in d360");
  });
});
