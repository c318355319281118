import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import type { WebhookEvent, WebhookFailure } from "../src/index.js";

// Signatures in the tests are made with node:crypto, never with the package's own code.

export const SECRET = "partner-platform-secret-0123456789";
export const APP_SECRET = "meta-app-secret-abcdef";

export function hmac(
  secret: string,
  body: string | Uint8Array,
  encoding: "hex" | "base64" = "hex",
) {
  return createHmac("sha256", secret).update(body).digest(encoding);
}

/** A POST with the 360dialog signature (hex unless told) over `body`. */
export function signed360(
  body: string,
  init: { secret?: string; encoding?: "hex" | "base64"; prefix?: boolean; url?: string } = {},
): Request {
  const digest = hmac(init.secret ?? SECRET, body, init.encoding ?? "hex");
  return new Request(init.url ?? "http://localhost/webhook", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-360dialog-signature": `${init.prefix ? "sha256=" : ""}${digest}`,
    },
    body,
  });
}

/** A POST with Meta's `X-Hub-Signature-256` over `body`. */
export function signedMeta(body: string, secret = APP_SECRET): Request {
  return new Request("http://localhost/webhook", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-hub-signature-256": `sha256=${hmac(secret, body)}`,
    },
    body,
  });
}

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));

/** Meta's 16 example payloads, by name. */
export const META_EXAMPLES: Record<string, unknown> = fixture("meta-examples.json").examples;
/** The captured, really signed webhook. */
export const CAPTURED: { appSecret: string; rawBody: string; header: string } =
  fixture("captured-webhook.json");

/** A body with one text message (id given) and one status per `statuses` entry. */
export function payload(
  parts: {
    messages?: { id: string; text?: string }[];
    statuses?: { id: string; status: string }[];
  } = {},
): string {
  const value: Record<string, unknown> = {
    messaging_product: "whatsapp",
    metadata: { display_phone_number: "15550783881", phone_number_id: "106540352242922" },
  };
  if (parts.messages) {
    value.contacts = [{ profile: { name: "Sheena Nelson" }, wa_id: "16505551234" }];
    value.messages = parts.messages.map((m) => ({
      from: "16505551234",
      id: m.id,
      timestamp: "1749416383",
      type: "text",
      text: { body: m.text ?? "hello" },
    }));
  }
  if (parts.statuses) {
    value.statuses = parts.statuses.map((s) => ({
      id: s.id,
      status: s.status,
      timestamp: "1749416400",
      recipient_id: "16505551234",
    }));
  }
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{ id: "419561257915477", changes: [{ field: "messages", value }] }],
  });
}

/** Collects events and failures. */
export function recorder() {
  const events: WebhookEvent[] = [];
  const failures: WebhookFailure[] = [];
  return {
    events,
    failures,
    onEvent: (event: WebhookEvent) => {
      events.push(event);
    },
    onError: (failure: WebhookFailure) => {
      failures.push(failure);
    },
  };
}

/**
 * A request body that counts the bytes pulled from it: `chunks` chunks of `size` bytes each.
 * `pulled()` tells how far a reader got.
 */
export function countingBody(chunks: number, size: number, fill = 0x7b) {
  let pulled = 0;
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= chunks) {
        controller.close();
        return;
      }
      sent++;
      pulled += size;
      controller.enqueue(new Uint8Array(size).fill(fill));
    },
  });
  return { stream, pulled: () => pulled };
}
