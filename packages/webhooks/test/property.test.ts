// Outside input, generated: whatever is posted, the handler answers with one of its statuses,
// never throws, and hands a handler only what it accepted.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createWebhookHandler, type WebhookEvent } from "../src/index.js";
import { hmac, SECRET } from "./helpers.js";

function post(body: string, signature: string): Request {
  return new Request("http://localhost/", {
    method: "POST",
    headers: { "x-360dialog-signature": signature },
    body,
  });
}

/** Bodies shaped like webhooks, with anything inside the values. */
const webhookLike = fc.record({
  object: fc.oneof(fc.constant("whatsapp_business_account"), fc.string()),
  entry: fc.array(
    fc.record({
      id: fc.oneof(fc.string(), fc.integer()),
      changes: fc.array(
        fc.record({
          field: fc.oneof(fc.constantFrom("messages", "group_lifecycle_update"), fc.string()),
          value: fc.oneof(
            fc.dictionary(
              fc.constantFrom(
                "messages",
                "statuses",
                "groups",
                "errors",
                "contacts",
                "metadata",
                "x",
              ),
              fc.jsonValue(),
            ),
            fc.jsonValue(),
          ),
        }),
        { maxLength: 3 },
      ),
    }),
    { maxLength: 3 },
  ),
});

describe("generated bodies", () => {
  it("a correctly signed body is answered 200 or 400; only 200 reaches a handler, with nothing dropped", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          webhookLike.map((b) => JSON.stringify(b)),
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        async (body) => {
          const events: WebhookEvent[] = [];
          const handler = createWebhookHandler({
            secret: SECRET,
            dedupe: false,
            onEvent: (e) => void events.push(e),
          });
          const response = await handler(post(body, hmac(SECRET, body)));
          expect([200, 400]).toContain(response.status);
          if (response.status === 400) expect(events).toEqual([]);
          else {
            // Every item of every list, and one event per change with none of the lists.
            const parsed = JSON.parse(body) as {
              entry: { changes: { value: Record<string, unknown> }[] }[];
            };
            let expected = 0;
            for (const entry of parsed.entry) {
              for (const { value } of entry.changes) {
                const lists = ["messages", "statuses", "groups", "errors"].filter(
                  (l) => value[l] !== undefined,
                );
                if (lists.length === 0) expected++;
                for (const list of lists)
                  expected += Array.isArray(value[list]) ? (value[list] as unknown[]).length : 1;
              }
            }
            expect(events).toHaveLength(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("any signature header but the right one is answered 401 and reaches no handler", async () => {
    const body = JSON.stringify({ object: "whatsapp_business_account", entry: [] });
    const right = hmac(SECRET, body);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.stringMatching(/^(sha256=)?[0-9a-fA-F]{64}$/),
          fc.base64String({ minLength: 44, maxLength: 44 }),
        ),
        async (signature) => {
          fc.pre(
            signature
              .trim()
              .replace(/^sha256=/i, "")
              .toLowerCase() !== right,
          );
          let called = false;
          const handler = createWebhookHandler({
            secret: SECRET,
            onEvent: () => {
              called = true;
            },
          });
          const response = await handler(post(body, signature));
          expect(response.status).toBe(401);
          expect(called).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
