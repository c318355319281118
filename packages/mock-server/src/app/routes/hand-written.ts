import { blockUsers } from "./block-users.js";
import { encryption } from "./encryption.js";
import { media } from "./media.js";
import { messages } from "./messages.js";
import { profile } from "./profile.js";
import type { HandWrittenTag } from "./table.js";

/**
 * Every tag with hand-written behaviour, one file per tag beside this one. To add one, write
 * `routes/<tag>.ts` exporting a {@link HandWrittenTag} and list it here; its operations then
 * leave the spec's answers (matched by operationId, or by method and path).
 */
export const HAND_WRITTEN: readonly HandWrittenTag[] = [
  encryption,
  messages,
  media,
  blockUsers,
  profile,
];
