import type { Context } from "hono";
import { jsonResponse } from "../../errors.js";
import { waId } from "../../messages/ids.js";
import { invalidParameter } from "../../vendor.js";
import type { MockEnv, MockState } from "../env.js";
import { answeringSpecErrors, jsonBodyCheck } from "./spec-body.js";
import type { HandWrittenTag } from "./table.js";

/** The path of Meta's Block Users operations. */
export const BLOCK_USERS_PATH = "/block_users";

/**
 * The Block Users tag, hand-written, with the channel's block list as state (Meta, "Block
 * users", https://developers.facebook.com/docs/whatsapp/cloud-api/block-users), in the spec's
 * response shapes: `POST` answers `{"messaging_product", "block_users": {"added_users":
 * [{"input", "wa_id"}]}}`, `DELETE` the same with `removed_users`, `GET` `{"data":
 * [{"messaging_product", "wa_id"}], "paging": {"cursors": {…}}}` (one page: the mock holds
 * few). A user is known by the digits of the number (`+1 650-555-1234` is `16505551234`).
 */
export const blockUsers: HandWrittenTag = {
  tag: "Block Users",
  routes: (state, spec) => {
    const postCheck = jsonBodyCheck(spec, BLOCK_USERS_PATH, "post");
    const deleteCheck = jsonBodyCheck(spec, BLOCK_USERS_PATH, "delete");
    return [
      {
        method: "GET",
        path: BLOCK_USERS_PATH,
        operationId: "get-blocked-users",
        authenticated: true,
        handle: (c) => list(c, state),
      },
      {
        method: "POST",
        path: BLOCK_USERS_PATH,
        operationId: "block-users",
        authenticated: true,
        handle: answeringSpecErrors((c) => change(c, state, postCheck, "added_users")),
      },
      {
        method: "DELETE",
        path: BLOCK_USERS_PATH,
        operationId: "unblock-users",
        authenticated: true,
        handle: answeringSpecErrors((c) => change(c, state, deleteCheck, "removed_users")),
      },
    ];
  },
};

function list(c: Context<MockEnv>, state: MockState): Response {
  const blocked = state.messaging.channel(c.var.apiKey).blocked;
  return jsonResponse({
    data: [...blocked.keys()].map((wa_id) => ({ messaging_product: "whatsapp", wa_id })),
    paging: { cursors: { before: "", after: "" } },
  });
}

function change(
  c: Context<MockEnv>,
  state: MockState,
  check: ((value: unknown) => string | undefined) | undefined,
  result: "added_users" | "removed_users",
): Response {
  let body: unknown;
  try {
    body = JSON.parse(c.var.record.body);
  } catch {
    return invalidParameter(
      "The request body is not valid JSON: send {messaging_product, block_users}",
    );
  }
  const error = check?.(body);
  if (error) return invalidParameter(`Invalid request: ${error.slice(0, 300)}`);
  const fields = (body ?? {}) as { messaging_product?: unknown; block_users?: unknown };
  if (fields.messaging_product !== "whatsapp")
    return invalidParameter('messaging_product must be "whatsapp"');
  const users = Array.isArray(fields.block_users) ? fields.block_users : [];
  const inputs = users.map((u) => (u as { user?: unknown } | null)?.user);
  const bad = inputs.findIndex((u) => typeof u !== "string" || waId(u) === "");
  if (users.length === 0 || bad !== -1) {
    return invalidParameter(
      `block_users${bad === -1 ? "" : `[${bad}].user`} must list users as {"user": "<phone number>"}`,
    );
  }
  const blocked = state.messaging.channel(c.var.apiKey).blocked;
  const changed = (inputs as string[]).map((input) => {
    const wa_id = waId(input);
    if (result === "added_users") blocked.set(wa_id, input);
    else blocked.delete(wa_id);
    return { input, wa_id };
  });
  return jsonResponse({ messaging_product: "whatsapp", block_users: { [result]: changed } });
}
