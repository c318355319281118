import type { CommandSpec } from "../command.js";
import { doctor } from "./doctor.js";
import { keyDerive } from "./key-derive.js";
import { keyGet } from "./key-get.js";
import { keySet } from "./key-set.js";
import { keygen } from "./keygen.js";
import { mediaDownload, mediaUpload } from "./media.js";
import { mock } from "./mock.js";
import { send } from "./send.js";
import { webhookListen } from "./webhook-listen.js";
import { webhookSend } from "./webhook-send.js";

/** Every command, in the order `d360 --help` lists them. */
export const commands: readonly CommandSpec[] = [
  keygen,
  keyGet,
  keySet,
  keyDerive,
  doctor,
  send,
  mediaUpload,
  mediaDownload,
  mock,
  webhookListen,
  webhookSend,
];
