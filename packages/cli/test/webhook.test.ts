import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { startMockServer } from "@d360-messaging/mock-server";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { WEBHOOK_EXAMPLES } from "../src/generated/webhook-examples.js";
import {
  BIN,
  capture,
  d360,
  expectNoSecretsInOutput,
  type Run,
  removeTempDirs,
  tempDir,
} from "./helpers.js";

// `d360 webhook listen` and `send`, as users run them: the built binary, real loopback sockets,
// and the mock as a second, independent sender.

const SECRET = "webhook-partner-secret-5e6f7a8b";
const APP_SECRET = "meta-app-secret-1c2d3e4f5a6b";
const TOKEN = "Bearer custom-header-token-9a8b7c";
const VERIFY_TOKEN = "meta-verify-token-3d4e5f6a";
const OUR_SECRETS = [SECRET, APP_SECRET, TOKEN, "custom-header-token-9a8b7c", VERIFY_TOKEN];
const ENV = {
  WEBHOOK_SECRET: SECRET,
  META_APP_SECRET: APP_SECRET,
  WEBHOOK_TOKEN: TOKEN,
  META_VERIFY_TOKEN: VERIFY_TOKEN,
};

interface Listening {
  url: string;
  child: ChildProcessWithoutNullStreams;
  text: { stdout: string; stderr: string };
  /** Resolves once the stream's text matches. */
  waitFor(pattern: RegExp, stream?: "stdout" | "stderr"): Promise<RegExpMatchArray>;
  stop(): Promise<Run>;
}

const runs: Run[] = [];
const running: Listening[] = [];

afterEach(async () => {
  for (const listening of running.splice(0)) await listening.stop();
});

afterAll(() => {
  for (const run of runs)
    for (const secret of OUR_SECRETS) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
  expectNoSecretsInOutput();
  removeTempDirs();
});

async function listen(args: string[], env: Record<string, string> = ENV): Promise<Listening> {
  const child = spawn(process.execPath, [BIN, "webhook", "listen", ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  const text = { stdout: "", stderr: "" };
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (text.stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (text.stderr += chunk));
  const exited = new Promise<Run>((resolve) =>
    child.on("close", (code, signal) => {
      const run = { code, signal, ...text };
      capture(run);
      runs.push(run);
      resolve(run);
    }),
  );
  const waitFor = async (pattern: RegExp, stream: "stdout" | "stderr" = "stdout") => {
    // Polls the collected text on each new chunk; the suite's testTimeout is the hang guard.
    for (;;) {
      const match = text[stream].match(pattern);
      if (match) return match;
      if (child.exitCode !== null) throw new Error(`listen exited: ${text.stderr}`);
      await new Promise<void>((resolve) => {
        const done = () => {
          child.stdout.off("data", done);
          child.stderr.off("data", done);
          child.off("close", done);
          resolve();
        };
        child.stdout.once("data", done);
        child.stderr.once("data", done);
        child.once("close", done);
      });
    }
  };
  const listening: Listening = {
    url: "",
    child,
    text,
    waitFor,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGINT");
      return exited;
    },
  };
  running.push(listening);
  const [, url] = (await waitFor(/(http:\/\/127\.0\.0\.1:\d+\/)/)) as [string, string];
  listening.url = url;
  return listening;
}

async function send(args: string[], env: Record<string, string> = ENV): Promise<Run> {
  const run = await d360(["webhook", "send", ...args], { env });
  runs.push(run);
  return run;
}

describe("d360 webhook send → d360 webhook listen", () => {
  it("delivers a signed example and the receiver prints one line for it", async () => {
    const receiver = await listen(["--secret-env", "WEBHOOK_SECRET"]);
    const sent = await send([
      "text-message",
      "--url",
      receiver.url,
      "--secret-env",
      "WEBHOOK_SECRET",
    ]);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain(`Sent text-message to ${receiver.url}: HTTP 200`);
    const [line] = await receiver.waitFor(/^message .*$/m);
    expect(line).toBe(
      'message  wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=  text  from 16505551234  "Does it come in another color?"',
    );
    const stopped = await receiver.stop();
    expect(stopped.code).toBe(0);
  });

  it("sends every bundled example; each is verified and printed, none refused", async () => {
    const list = await send(["--list", "--json"]);
    const examples = JSON.parse(list.stdout) as { name: string }[];
    expect(examples).toHaveLength(16);
    const receiver = await listen(["--app-secret-env", "META_APP_SECRET", "--json"]);
    for (const { name } of examples) {
      const run = await send([name, "--url", receiver.url, "--app-secret-env", "META_APP_SECRET"]);
      expect(run.code, `${name}: ${run.stderr}`).toBe(0);
    }
    await receiver.stop();
    const lines = receiver.text.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ url: receiver.url, port: Number(new URL(receiver.url).port) });
    const events = lines.slice(1) as { kind: string; key?: string; value: unknown }[];
    // Several of Meta's examples reuse one message id: the receiver deduplicates them, so each
    // distinct incoming message id is printed once, and nothing is left as "unknown".
    const ids = new Set(
      WEBHOOK_EXAMPLES.flatMap((example) =>
        (
          example.payload as { entry: { changes: { value: { messages?: { id: string }[] } }[] }[] }
        ).entry
          .flatMap((entry) => entry.changes.flatMap((change) => change.value.messages ?? []))
          .map((message) => `message:${message.id}`),
      ),
    );
    expect(new Set(events.filter((e) => e.kind === "message").map((e) => e.key))).toEqual(ids);
    expect(events.filter((e) => e.kind === "group").length).toBeGreaterThan(0);
    expect(events.filter((e) => e.kind === "unknown")).toEqual([]);
    expect(receiver.text.stderr).not.toContain("refused");
  });

  it("refuses a wrong signature (401, exit 1) and prints no event for it", async () => {
    const receiver = await listen(["--secret-env", "WEBHOOK_SECRET"]);
    const run = await send(["text-message", "--url", receiver.url, "--secret-env", "OTHER"], {
      OTHER: "not-the-secret-at-all",
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("HTTP 401 (refused)");
    await receiver.waitFor(/refused: 401 invalid-signature/, "stderr");
    const unsigned = await send(["text-message", "--url", receiver.url]);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stdout).toContain("(unsigned)");
    await receiver.waitFor(/refused: 401 missing-signature/, "stderr");
    expect(receiver.text.stdout).not.toMatch(/^message/m);
  });

  it("checks a custom header read from the environment or a file", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "token"), `${TOKEN}\n`);
    const receiver = await listen(["--header", "Authorization: env:WEBHOOK_TOKEN"]);
    const ok = await send([
      "reaction-message",
      "--url",
      receiver.url,
      "--header",
      `Authorization: file:${join(dir, "token")}`,
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    await receiver.waitFor(/^message .* reaction .*$/m);
    const wrong = await send(
      ["reaction-message", "--url", receiver.url, "--header", "Authorization: env:NOPE"],
      {
        NOPE: "Bearer wrong-token-value",
      },
    );
    expect(wrong.code).toBe(1);
  });

  it("answers Meta's verification GET with --verify-token-env, and refuses a wrong token", async () => {
    const receiver = await listen([
      "--app-secret-env",
      "META_APP_SECRET",
      "--verify-token-env",
      "META_VERIFY_TOKEN",
    ]);
    await receiver.waitFor(/Answering Meta's verification GET/);
    const query = new URLSearchParams({
      "hub.mode": "subscribe",
      "hub.challenge": "1158201444",
      "hub.verify_token": VERIFY_TOKEN,
    });
    const ok = await fetch(`${receiver.url}webhook?${query}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    query.set("hub.verify_token", "meta-verify-token-wrong");
    const wrong = await fetch(`${receiver.url}webhook?${query}`);
    expect(wrong.status).toBe(403);
    await receiver.waitFor(/refused: 403 invalid-verify-token/, "stderr");
    // Events still need Meta's signature: the token is not a check of them.
    const sent = await send([
      "text-message",
      "--url",
      receiver.url,
      "--app-secret-env",
      "META_APP_SECRET",
    ]);
    expect(sent.code, sent.stderr).toBe(0);
    await receiver.waitFor(/^message .*$/m);
  });
});

describe("the mock's webhooks → d360 webhook listen", () => {
  it("prints sent, delivered, read in order, an inbound message, and escapes what it prints", async () => {
    const receiver = await listen(["--secret-env", "WEBHOOK_SECRET"]);
    const mock = await startMockServer({
      webhooks: { url: receiver.url, secret: SECRET, delays: { sent: 0, delivered: 0, read: 0 } },
    });
    try {
      mock.messageEvents.emit({
        id: "wamid.FROM-MOCK",
        to: "491701234567",
        apiKey: "k",
        body: {},
        at: Date.now(),
      });
      await mock.webhooks.idle();
      mock.webhooks.setUnreachable("491709999999");
      mock.messageEvents.emit({
        id: "wamid.LOST",
        to: "491709999999",
        apiKey: "k",
        body: {},
        at: 0,
      });
      await mock.webhooks.idle();
      const inbound = await mock.webhooks.inbound({
        from: "491701234567",
        message: { id: "wamid.\u001b[2Jclear", type: "text", text: { body: "hi \u009b31m" } },
      });
      expect(inbound.ok).toBe(true);
      expect(mock.webhooks.deliveries.every((d) => d.status === 200)).toBe(true);
    } finally {
      await mock.close();
    }
    await receiver.waitFor(/^message .*$/m);
    const lines = receiver.text.stdout.split("\n").filter((l) => /^(status|message) /.test(l));
    expect(lines).toEqual([
      "status  wamid.FROM-MOCK  sent  to 491701234567",
      "status  wamid.FROM-MOCK  delivered  to 491701234567",
      "status  wamid.FROM-MOCK  read  to 491701234567",
      "status  wamid.LOST  failed  to 491709999999  error 131026",
      // The terminal escape in the id is shown, not sent; the body is JSON-quoted.
      'message  wamid.\\x1b[2Jclear  text  from 491701234567  "hi \\x9b31m"',
    ]);
    expect(receiver.text.stdout).not.toContain("\u001b");
  });
});

describe("bad input", () => {
  it("names the mistake and never echoes a secret", async () => {
    const noCheck = await d360(["webhook", "listen"]);
    expect(noCheck.code).toBe(2);
    expect(noCheck.stderr).toContain("needs a way to check who sent a webhook");

    // A secret given where a variable name belongs is not echoed.
    const typedIn = await d360(["webhook", "listen", "--secret-env", SECRET]);
    runs.push(typedIn);
    expect(typedIn.code).toBe(2);
    expect(typedIn.stderr).toContain("takes the NAME of an environment variable");

    const unset = await d360(["webhook", "listen", "--app-secret-env", "UNSET_VAR"]);
    expect(unset.stderr).toContain("'UNSET_VAR' is not set");

    const typedHeader = await send([
      "text-message",
      "--url",
      "http://127.0.0.1:9/",
      "--header",
      `Authorization ${TOKEN}`,
    ]);
    expect(typedHeader.code).toBe(2);

    const noUrl = await send(["text-message"]);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain("needs --url");

    const credentials = await send(["text-message", "--url", `http://u:${SECRET}@127.0.0.1:9/`]);
    expect(credentials.code).toBe(2);

    const missingFile = await send([
      "text-message",
      "--url",
      "http://127.0.0.1:9/",
      "--secret-file",
      "nope.txt",
    ]);
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toContain("does not exist");

    // A free port nobody listens on: connection refused, exit 3.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const refused = await send([
      "text-message",
      "--url",
      `http://127.0.0.1:${port}/`,
      "--secret-env",
      "WEBHOOK_SECRET",
    ]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("Could not reach");
  });

  it("exits 2 for a port in use, as d360 mock does", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as { port: number };
    try {
      const inUse = await d360(
        ["webhook", "listen", "--port", String(port), "--secret-env", "WEBHOOK_SECRET"],
        { env: ENV },
      );
      runs.push(inUse);
      expect(inUse.code).toBe(2);
      expect(inUse.stderr).toContain(`Port ${port} is already in use`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("signs exactly as node:crypto does over the bytes it sends", async () => {
    // A plain node:http receiver that checks the HMAC itself, independent of the webhooks package.
    const { createServer: createHttpServer } = await import("node:http");
    const seen: { body: string; dialog: string; meta: string }[] = [];
    const server = createHttpServer((req, res) => {
      let body = "";
      req.setEncoding("utf8").on("data", (c: string) => (body += c));
      req.on("end", () => {
        seen.push({
          body,
          dialog: String(req.headers["x-360dialog-signature"]),
          meta: String(req.headers["x-hub-signature-256"]),
        });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const run = await send([
        "order-message",
        "--url",
        `http://127.0.0.1:${port}/`,
        "--secret-env",
        "WEBHOOK_SECRET",
        "--app-secret-env",
        "META_APP_SECRET",
      ]);
      expect(run.code).toBe(0);
    } finally {
      server.close();
    }
    const [{ body, dialog, meta }] = seen as [(typeof seen)[number]];
    expect(dialog).toBe(createHmac("sha256", SECRET).update(body).digest("hex"));
    expect(meta).toBe(`sha256=${createHmac("sha256", APP_SECRET).update(body).digest("hex")}`);
    expect(JSON.parse(body).object).toBe("whatsapp_business_account");
  });
});
