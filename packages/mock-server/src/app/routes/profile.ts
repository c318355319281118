import type { Context } from "hono";
import { jsonResponse } from "../../errors.js";
import { invalidParameter } from "../../vendor.js";
import type { MockEnv, MockState } from "../env.js";
import { answeringSpecErrors, jsonBodyCheck } from "./spec-body.js";
import type { HandWrittenTag } from "./table.js";

/** The path of Meta's business profile operations. */
export const PROFILE_PATH = "/whatsapp_business_profile";

// The fields GET reports (the spec's `fields` parameter: "messaging_product, about, address,
// description, email, profile_picture_url, websites, vertical").
const FIELDS = [
  "messaging_product",
  "about",
  "address",
  "description",
  "email",
  "profile_picture_url",
  "websites",
  "vertical",
];

/**
 * The Profile tag, hand-written, with the channel's business profile as state (Meta, "Business
 * profiles", https://developers.facebook.com/docs/whatsapp/cloud-api/reference/business-profiles):
 * `POST` validates the update against the spec's schema and merges it (`{"success": true}`),
 * `GET` answers `{"data": [{"business_profile": {…}}]}` with the fields `fields` names (all by
 * default). A new channel's profile holds only `messaging_product`. `profile_picture_handle` is
 * accepted but not turned into a `profile_picture_url` (the mock has no resumable upload).
 */
export const profile: HandWrittenTag = {
  tag: "Profile",
  routes: (state, spec) => {
    const check = jsonBodyCheck(spec, PROFILE_PATH, "post");
    return [
      {
        method: "GET",
        path: PROFILE_PATH,
        operationId: "get-whatsapp-business-profile",
        authenticated: true,
        handle: (c) => read(c, state),
      },
      {
        method: "POST",
        path: PROFILE_PATH,
        operationId: "update-whatsapp-business-profile-information",
        authenticated: true,
        handle: answeringSpecErrors((c) => update(c, state, check)),
      },
    ];
  },
};

function read(c: Context<MockEnv>, state: MockState): Response {
  const requested = c.req
    .queries("fields")
    ?.flatMap((value) => value.split(","))
    .map((field) => field.trim())
    .filter((field) => field !== "");
  const unknownField = requested?.find((field) => !FIELDS.includes(field));
  if (unknownField !== undefined) {
    return invalidParameter(
      `Unknown field "${unknownField.slice(0, 100)}" in fields: available fields are ${FIELDS.join(", ")}`,
    );
  }
  const selected = requested?.length ? requested : FIELDS;
  const stored = state.messaging.channel(c.var.apiKey).profile;
  const business_profile = Object.fromEntries(
    selected.filter((f) => Object.hasOwn(stored, f)).map((f) => [f, stored[f]]),
  );
  return jsonResponse({ data: [{ business_profile }] });
}

function update(
  c: Context<MockEnv>,
  state: MockState,
  check: ((value: unknown) => string | undefined) | undefined,
): Response {
  let body: unknown;
  try {
    body = JSON.parse(c.var.record.body);
  } catch {
    return invalidParameter(
      "The request body is not valid JSON: send the profile fields to change",
    );
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return invalidParameter("The request body must be a JSON object of profile fields");
  }
  const error = check?.(body);
  if (error) return invalidParameter(`Invalid profile: ${error.slice(0, 300)}`);
  const fields = body as Record<string, unknown>;
  if (fields.messaging_product !== "whatsapp")
    return invalidParameter('messaging_product must be "whatsapp"');
  const channel = state.messaging.channel(c.var.apiKey);
  const next = { ...channel.profile };
  for (const field of FIELDS) {
    if (Object.hasOwn(fields, field) && field !== "profile_picture_url")
      next[field] = fields[field];
  }
  channel.profile = next;
  return jsonResponse({ success: true });
}
