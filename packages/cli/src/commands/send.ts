import type { OutgoingMessage, SendMessageResult } from "@d360-messaging/client";
import type { CommandSpec, OptionValues } from "../command.js";
import { clientFrom, stringValue } from "../config.js";
import { UsageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { paint } from "../output.js";

/** A phone number as WhatsApp takes it in `to`: digits, optionally with +, spaces, dashes, parentheses. */
const PHONE = /^\+?[\d\s().-]*\d[\d\s().-]*$/;
/** A template language code as Meta lists them: `en`, `en_US`, `pt_BR`, `zh_HK`. */
const LANGUAGE = /^[a-z]{2,3}(?:_[A-Za-z]{2,4})?$/;

/** The message the options describe; a UsageError when they do not describe exactly one. */
function messageFrom(values: OptionValues): OutgoingMessage {
  const to = stringValue(values, "to");
  const text = stringValue(values, "text");
  const template = stringValue(values, "template");
  const lang = stringValue(values, "lang");
  if (to === undefined || !PHONE.test(to))
    throw new UsageError(to === undefined ? "--to is required." : "--to is not a phone number.", {
      hint: "Pass the recipient's number with its country code, e.g. --to 4915112345678",
    });
  if ((text === undefined) === (template === undefined))
    throw new UsageError("Give either --text or --template (one of them).", {
      hint: 'd360 send --to NUMBER --text "Hello"   or   d360 send --to NUMBER --template hello_world --lang en_US',
    });
  if (text !== undefined) {
    if (lang !== undefined)
      throw new UsageError("--lang goes with --template only.", {
        hint: "A text message has no language; leave out --lang.",
      });
    if (text.trim() === "") throw new UsageError("--text is empty.");
    return { messaging_product: "whatsapp", to, type: "text", text: { body: text } };
  }
  if (lang === undefined || !LANGUAGE.test(lang))
    throw new UsageError(
      lang === undefined ? "--template needs --lang." : `--lang '${lang}' is not a language code.`,
      {
        hint: "Pass the template's language as approved, e.g. --lang en_US (or en, de, pt_BR)",
      },
    );
  return {
    messaging_product: "whatsapp",
    to,
    type: "template",
    template: { name: template as string, language: { code: lang } },
  };
}

export const send: CommandSpec = {
  path: ["send"],
  summary: "Send a text or template message to one number",
  description: `Sends one WhatsApp message to the number given with --to: a text (--text), which WhatsApp
delivers only within 24 hours of the user's last message, or an approved template without
parameters (--template NAME --lang CODE), which starts a conversation. Prints the message ID
(wamid.…) that the status webhooks refer to.`,
  examples: [
    'D360_API_KEY=… d360 send --to 4915112345678 --text "Your order has shipped"',
    "d360 send --to 4915112345678 --template hello_world --lang en_US",
    "d360 send --to 4915112345678 --text hi --json | jq -r '.messages[0].id'",
  ],
  options: {
    to: {
      type: "string",
      value: "NUMBER",
      description: "The recipient's phone number with country code, e.g. 4915112345678.",
    },
    text: { type: "string", value: "TEXT", description: "Send this text." },
    template: {
      type: "string",
      value: "NAME",
      description: "Send this approved template (one without parameters).",
    },
    lang: {
      type: "string",
      value: "CODE",
      description: "The template's language code as approved, e.g. en_US.",
    },
  },
  callsApi: true,
  requiredOptions: ["to"],
  positionals: { min: 0, max: 0, names: "" },
  async run({ values, io, out, json, onFinish }) {
    // Checked before the API key is even looked at: a wrong command line is reported as such.
    const message = messageFrom(values);
    const client = clientFrom(values, io, out, onFinish);
    const sent: SendMessageResult = await client.messages.sendMessage(message);
    if (json) {
      out.json(sent);
      return ExitCode.OK;
    }
    const id = sent.messages[0]?.id ?? "";
    const waId = sent.contacts[0]?.wa_id;
    out.out([
      "Sent ",
      paint("bold", id),
      ` to ${message.to}${waId !== undefined && waId !== message.to ? ` (WhatsApp ID ${waId})` : ""}`,
      sent.messages[0]?.message_status === undefined
        ? "."
        : `: ${sent.messages[0].message_status}.`,
    ]);
    return ExitCode.OK;
  },
};
