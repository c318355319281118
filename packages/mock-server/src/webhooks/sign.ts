import { hmacHex } from "../simulator/sign.js";

// The mock signs as the senders do, on WebCrypto alone (it runs on Workers too), with the
// simulator's HMAC (simulator/sign.ts, the digest of the Flows `X-Hub-Signature-256`), written
// apart from @d360-messaging/webhooks on purpose: a second implementation, so a mistake made the
// same way on both sides cannot pass.
//
// - 360dialog: HMAC-SHA256 of the raw body under the partner's secret, in `x-360dialog-signature`
//   (360dialog, "Signature Validation":
//   https://docs.360dialog.com/partner/onboarding/webhook-events-and-setup/signature-validation).
//   The page does not show the digest's encoding; the mock sends lower-case hex without a prefix,
//   one of the forms the webhooks package accepts.
// - Meta: `X-Hub-Signature-256: sha256=<hex>` under the app secret (Meta, "Webhooks, Getting
//   Started", validating payloads: https://developers.facebook.com/docs/graph-api/webhooks/getting-started/).

/** The header 360dialog signs partner webhooks in. */
export const DIALOG_SIGNATURE_HEADER = "x-360dialog-signature";
/** The header Meta signs webhooks in. */
export const META_SIGNATURE_HEADER = "x-hub-signature-256";

/** The signature headers for `body`: one per configured secret. */
export async function signatureHeaders(
  body: string,
  secrets: { secret: string | undefined; appSecret: string | undefined },
): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  if (secrets.secret !== undefined) {
    headers[DIALOG_SIGNATURE_HEADER] = await hmacHex(secrets.secret, body);
  }
  if (secrets.appSecret !== undefined) {
    headers[META_SIGNATURE_HEADER] = `sha256=${await hmacHex(secrets.appSecret, body)}`;
  }
  return headers;
}
