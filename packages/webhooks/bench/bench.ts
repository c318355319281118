// Requests per second of createWebhookHandler for a 1 KB webhook, against a bare handler that
// only reads the body, computes the HMAC (node:crypto), compares it (timingSafeEqual) and parses
// the JSON, on the same Requests. Target: at least 0.6x of the bare handler. Run with
// `pnpm --filter @d360-messaging/webhooks bench` (the root `pnpm bench` includes it); tsx runs the
// sources as they are. Options: --seconds=N scales every phase (default 1).
import { createHmac, timingSafeEqual } from "node:crypto";
import { loadavg } from "node:os";
import { createWebhookHandler as createWebHandler } from "../src/index.js";
import { createWebhookHandler } from "../src/index.node.js";

const scale = Number(process.argv.find((a) => a.startsWith("--seconds="))?.split("=")[1] ?? 1);
const ROUNDS = 5;
const PHASE_MS = 500 * scale;
const SECRET = "bench-platform-secret";
const TARGET = 0.6;

/** A webhook body of about 1 KB: one text message whose text pads it to size. */
function body(i: number): string {
  const make = (pad: string) =>
    JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: "419561257915477",
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: {
                  display_phone_number: "15550783881",
                  phone_number_id: "106540352242922",
                },
                contacts: [{ profile: { name: "Sheena Nelson" }, wa_id: "16505551234" }],
                messages: [
                  {
                    from: "16505551234",
                    id: `wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA${i}`,
                    timestamp: "1749416383",
                    type: "text",
                    text: { body: pad },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
  const base = make("").length;
  return make("x".repeat(Math.max(0, 1024 - base)));
}

const BODIES = Array.from({ length: 4096 }, (_, i) => body(i));
const SIGNATURES = BODIES.map((b) => createHmac("sha256", SECRET).update(b).digest("hex"));
let next = 0;

/** A fresh Request (a body can be read once) for the next body; the same for both contestants. */
function request(): Request {
  const i = next++ % BODIES.length;
  return new Request("http://localhost/webhook", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-360dialog-signature": SIGNATURES[i] as string,
    },
    body: BODIES[i],
  });
}

const secretKey = Buffer.from(SECRET);
/** The floor: read, HMAC, compare, parse; nothing else. */
async function bare(req: Request): Promise<Response> {
  const bytes = new Uint8Array(await req.arrayBuffer());
  const expected = createHmac("sha256", secretKey).update(bytes).digest();
  const given = Buffer.from(req.headers.get("x-360dialog-signature") ?? "", "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return new Response(null, { status: 401 });
  }
  JSON.parse(new TextDecoder().decode(bytes));
  return new Response("OK");
}

let events = 0;
// Dedupe off for the comparison, which is about verifying and parsing. The run with the default
// memory store is shown beside it; its ids repeat after 4,096 bodies, so most of its requests are
// duplicates (claimed, skipped).
const handler = createWebhookHandler({
  secret: SECRET,
  dedupe: false,
  onEvent: () => void events++,
});
const withDedupe = createWebhookHandler({ secret: SECRET, onEvent: () => void events++ });
// The web build (WebCrypto HMAC), which Deno, Bun and Workers get; shown for comparison.
const webBuild = createWebHandler({ secret: SECRET, dedupe: false, onEvent: () => void events++ });

async function rate(ms: number, serve: (r: Request) => Promise<Response>): Promise<number> {
  for (let i = 0; i < 50; i++) await serve(request());
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 20; i++) {
      const response = await serve(request());
      if (response.status !== 200) throw new Error(`bench request answered ${response.status}`);
    }
    count += 20;
  }
  return (count * 1000) / (performance.now() - start);
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const results = {
  bare: [] as number[],
  handler: [] as number[],
  dedupe: [] as number[],
  web: [] as number[],
};
// Interleaved rounds, so that a change in machine load hits every contestant alike.
for (let round = 0; round < ROUNDS; round++) {
  results.bare.push(await rate(PHASE_MS, bare));
  results.handler.push(await rate(PHASE_MS, handler));
  results.dedupe.push(await rate(PHASE_MS, withDedupe));
  results.web.push(await rate(PHASE_MS, webBuild));
}
const floor = median(results.bare);
const ours = median(results.handler);
const ratio = ours / floor;
console.log(
  `webhooks bench: 1 KB body, ${ROUNDS} interleaved rounds of ${PHASE_MS} ms, load ${loadavg()[0]?.toFixed(2)}`,
);
console.log(`  bare (HMAC + compare + JSON.parse): ${floor.toFixed(0)} req/s`);
console.log(
  `  createWebhookHandler, Node build (dedupe off): ${ours.toFixed(0)} req/s  (${ratio.toFixed(2)}x)`,
);
console.log(
  `  createWebhookHandler (memory dedupe, mostly duplicates): ${median(results.dedupe).toFixed(0)} req/s  (${(median(results.dedupe) / floor).toFixed(2)}x)`,
);
console.log(
  `  web build (WebCrypto HMAC, dedupe off): ${median(results.web).toFixed(0)} req/s  (${(median(results.web) / floor).toFixed(2)}x)`,
);
console.log(`  target: at least ${TARGET}x: ${ratio >= TARGET ? "met" : "NOT MET"}`);
if (events === 0) throw new Error("no event reached a handler");
