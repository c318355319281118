/**
 * `format` checks that cannot hang the mock. @cfworker/json-schema checks `url`, `uri` and
 * `uri-reference` with regular expressions that backtrack exponentially (`url` on
 * `http://a-a-a-…-a_` doubles its time with every two characters: 26 characters take 0.2 s, 40
 * take minutes), and `uri-template` quadratically; a request body of 64 KiB reaches any of them.
 * The validator reads its checks from one table the package exports (`format`) and offers no
 * option to replace them, so {@link withLinearFormats} swaps in the checks below for the length
 * of one synchronous `validate` call and puts the originals back: no other code can run in
 * between, so nothing else that uses the validator in the process sees the swap.
 *
 * Every check below is linear in its input: each expression is anchored, and wherever a
 * repetition is followed by something else, the two cannot match the same character.
 */
import { format } from "@cfworker/json-schema";

// RFC 3986 §2: the characters a URI may hold (unreserved, reserved and "%" of an escape).
const URI_CHARS = "[a-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]";
// RFC 3986 §3.1: a scheme, ":", then the rest.
const URI = new RegExp(`^[a-z][a-z0-9+.-]*:${URI_CHARS}*$`, "i");
const URI_REFERENCE = new RegExp(`^${URI_CHARS}*$`, "i");
// RFC 6570 §2: literals, percent-escapes and `{…}` expressions; the three alternatives start
// with different characters, so the repetition never backtracks.
const URI_TEMPLATE = /^(?:[^\p{Cc}\s"'%<>\\^`{|}]|%[0-9a-f]{2}|\{[^{}\s]*\})*$/iu;
const URL_SCHEMES = new Set(["http:", "https:", "ftp:"]);

/** The linear replacements, by format name. */
const LINEAR: Record<string, (value: string) => boolean> = {
  uri: (value) => URI.test(value),
  "uri-reference": (value) => URI_REFERENCE.test(value),
  "uri-template": (value) => URI_TEMPLATE.test(value),
  // cfworker's `url`: an http, https or ftp URL. The WHATWG URL parser is linear.
  url: (value) => {
    if (!URI.test(value)) return false;
    try {
      return URL_SCHEMES.has(new URL(value).protocol);
    } catch {
      return false;
    }
  },
};

/** Run `validate` (synchronous) with the linear format checks in the validator's table. */
export function withLinearFormats<T>(validate: () => T): T {
  const table = format as Record<string, (value: string) => boolean>;
  const saved = Object.keys(LINEAR).map((name) => [name, table[name]] as const);
  Object.assign(table, LINEAR);
  try {
    return validate();
  } finally {
    for (const [name, check] of saved) {
      if (check === undefined) delete table[name];
      else table[name] = check;
    }
  }
}
