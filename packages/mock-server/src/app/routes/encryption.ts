import type {
  BusinessEncryptionInfo,
  BusinessPublicKeyField,
  GetBusinessPublicKeyResponse,
  SetBusinessPublicKeyResponse,
} from "@d360-messaging/types";
import type { Context } from "hono";
import { errorResponse, jsonResponse } from "../../errors.js";
import { readKeyField } from "../../form.js";
import { validatePublicKey } from "../../validate-key.js";
import type { MockEnv, MockState } from "../env.js";
import type { HandWrittenTag } from "./table.js";

/** The one path of the Encryption endpoints (vendor spec). */
export const ENCRYPTION_PATH = "/whatsapp_business_encryption";

// The fields `GET ?fields=` accepts. Typed as a record over the generated
// field type so that a field the spec adds fails to compile until it is served.
const FIELD_SET: Record<BusinessPublicKeyField, true> = {
  business_public_key: true,
  business_public_key_signature_status: true,
};
const FIELDS = Object.keys(FIELD_SET) as BusinessPublicKeyField[];

/**
 * The Encryption tag, hand-written: `get-business-public-key` and `set-business-public-key` on
 * {@link ENCRYPTION_PATH}, behind `authenticate`, with the channel's stored key as state. Any
 * other method there is answered from the spec when the spec has it, else 405.
 */
export const encryption: HandWrittenTag = {
  tag: "Encryption",
  routes: (state) => [
    {
      method: "GET",
      path: ENCRYPTION_PATH,
      operationId: "get-business-public-key",
      authenticated: true,
      handle: (c) => getKey(c, state),
    },
    {
      method: "POST",
      path: ENCRYPTION_PATH,
      operationId: "set-business-public-key",
      authenticated: true,
      handle: (c) => setKey(c, state),
    },
  ],
};

function getKey(c: Context<MockEnv>, state: MockState): Response {
  const requested = c.req
    .queries("fields")
    ?.flatMap((value) => value.split(","))
    .map((field) => field.trim())
    .filter((field) => field !== "");
  const unknown = requested?.find((field) => !Object.hasOwn(FIELD_SET, field));
  if (unknown !== undefined) {
    return errorResponse(
      400,
      `Unknown field "${unknown.slice(0, 100)}" in fields: available fields are ${FIELDS.join(", ")}`,
    );
  }
  const selected: readonly string[] = requested?.length ? requested : FIELDS;
  const info = state.store.info(c.var.apiKey);
  // Before any upload the API has nothing to report; an empty `data` array is
  // what the schema allows for that, and what the client maps to `null`.
  const entries: BusinessEncryptionInfo[] = info
    ? [Object.fromEntries(FIELDS.filter((f) => selected.includes(f)).map((f) => [f, info[f]]))]
    : [];
  const body: GetBusinessPublicKeyResponse = { data: entries };
  return jsonResponse(body);
}

async function setKey(c: Context<MockEnv>, state: MockState): Promise<Response> {
  const field = await readKeyField(c.req);
  if (!field.ok) return errorResponse(400, field.error);
  const key = validatePublicKey(field.value);
  if (!key.ok) return errorResponse(400, key.error);
  // The mock signs every well-formed key (vendor spec: "Public key successfully uploaded and
  // signed"), so it reports VALID, unless the options make this number report MISMATCH.
  const apiKey = c.var.apiKey;
  state.store.set(apiKey, { pem: key.pem, signatureStatus: state.uploadStatus(apiKey) });
  const ok: SetBusinessPublicKeyResponse = { success: true };
  return jsonResponse(ok);
}
