// Checks that run unchanged on Node, Deno, Bun and workerd: Web APIs only (no node: imports, no
// test runner). Signatures are made with the runtime's own crypto.subtle, not the package's code.
import { createWebhookHandler, type WebhookEvent } from "../../src/index.js";

/** The captured, really signed webhook (test/fixtures/captured-webhook.json). */
export interface PortableVector {
  appSecret: string;
  rawBody: string;
  header: string;
}

/** One check's outcome. */
export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

const SECRET = "portable-platform-secret";
const utf8 = new TextEncoder();

async function sign(secret: string, body: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    utf8.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8.encode(body)));
}
const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

function body(id: string): string {
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "1",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550783881", phone_number_id: "106540352242922" },
              contacts: [{ profile: { name: "Ada" }, wa_id: "16505551234" }],
              messages: [
                { from: "16505551234", id, timestamp: "1", type: "text", text: { body: "hi" } },
              ],
            },
          },
        ],
      },
    ],
  });
}

function post(text: string, headers: Record<string, string>): Request {
  return new Request("http://localhost/webhook", { method: "POST", headers, body: text });
}

export async function runChecks(vector: PortableVector | null): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const check = async (name: string, run: () => Promise<string | undefined>) => {
    try {
      const problem = await run();
      results.push(
        problem === undefined ? { name, ok: true } : { name, ok: false, detail: problem },
      );
    } catch (error) {
      results.push({ name, ok: false, detail: String(error) });
    }
  };
  const events: WebhookEvent[] = [];
  let fail = false;
  const handler = createWebhookHandler({
    secret: SECRET,
    onEvent: (event) => {
      if (fail) throw new Error("failing on purpose");
      events.push(event);
    },
  });
  const expect = (what: string, actual: unknown, wanted: unknown) =>
    actual === wanted ? undefined : `${what}: ${String(actual)}, expected ${String(wanted)}`;

  await check("hex signature: 200, a text message with its contact", async () => {
    const text = body("wamid.hex");
    const response = await handler(
      post(text, { "x-360dialog-signature": hex(await sign(SECRET, text)) }),
    );
    const event = events.at(-1);
    return (
      expect("status", response.status, 200) ??
      expect("kind", event?.kind, "message") ??
      expect("contact", event?.kind === "message" ? event.contact?.profile.name : undefined, "Ada")
    );
  });
  await check("base64 signature with sha256=: 200", async () => {
    const text = body("wamid.b64");
    const response = await handler(
      post(text, { "x-360dialog-signature": `sha256=${base64(await sign(SECRET, text))}` }),
    );
    return expect("status", response.status, 200);
  });
  await check("wrong signature: 401, no event", async () => {
    const before = events.length;
    const text = body("wamid.wrong");
    const response = await handler(
      post(text, { "x-360dialog-signature": hex(await sign("other", text)) }),
    );
    return expect("status", response.status, 401) ?? expect("events", events.length, before);
  });
  await check("redelivery: handled once", async () => {
    const text = body("wamid.twice");
    const headers = { "x-360dialog-signature": hex(await sign(SECRET, text)) };
    const before = events.length;
    await handler(post(text, headers));
    const response = await handler(post(text, headers));
    return expect("status", response.status, 200) ?? expect("events", events.length, before + 1);
  });
  await check("failing handler: 500, then the redelivery is processed", async () => {
    const text = body("wamid.fail");
    const headers = { "x-360dialog-signature": hex(await sign(SECRET, text)) };
    fail = true;
    const first = await handler(post(text, headers));
    fail = false;
    const before = events.length;
    const second = await handler(post(text, headers));
    return (
      expect("first", first.status, 500) ??
      expect("second", second.status, 200) ??
      expect("events", events.length, before + 1)
    );
  });
  await check("body over maxBodyBytes: 413", async () => {
    const small = createWebhookHandler({ secret: SECRET, maxBodyBytes: 100, onEvent: () => {} });
    const text = body("wamid.big");
    const response = await small(
      post(text, { "x-360dialog-signature": hex(await sign(SECRET, text)) }),
    );
    return expect("status", response.status, 413);
  });
  await check("not JSON: 400", async () => {
    const text = "{oops";
    const response = await handler(
      post(text, { "x-360dialog-signature": hex(await sign(SECRET, text)) }),
    );
    return expect("status", response.status, 400);
  });
  await check('ack: "immediately": 200 at once, processed through waitUntil', async () => {
    const waited: Promise<unknown>[] = [];
    let seen = 0;
    const quick = createWebhookHandler({
      secret: SECRET,
      ack: "immediately",
      waitUntil: (p) => void waited.push(p),
      onEvent: () => void seen++,
    });
    const text = body("wamid.quick");
    const response = await quick(
      post(text, { "x-360dialog-signature": hex(await sign(SECRET, text)) }),
    );
    await Promise.all(waited);
    return expect("status", response.status, 200) ?? expect("processed", seen, 1);
  });
  if (vector !== null) {
    await check("captured Meta webhook: X-Hub-Signature-256 verifies, text parsed", async () => {
      const seen: WebhookEvent[] = [];
      const meta = createWebhookHandler({
        appSecret: vector.appSecret,
        onEvent: (e) => void seen.push(e),
      });
      const response = await meta(post(vector.rawBody, { "x-hub-signature-256": vector.header }));
      const event = seen[0];
      const text =
        event?.kind === "message" && event.type === "text" ? event.message.text.body : undefined;
      return (
        expect("status", response.status, 200) ??
        expect("text", text, "Hey there! I am using PyWa.")
      );
    });
  }
  return results;
}
