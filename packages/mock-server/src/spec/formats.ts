/**
 * `format` checks that cannot hang the mock. @cfworker/json-schema checks `url` with a regular
 * expression that backtracks exponentially: on `http://a-a-a-…-a_` its time doubles with every
 * two characters (26 characters take 0.2 s here, 40 would take minutes), and a request body of
 * 64 KiB reaches it. Its other format checks were measured linear on 30,000-character inputs.
 * The validator reads its checks from one table the package exports (`format`) and offers no
 * option to replace one, so {@link withLinearFormats} swaps in the check below for the length
 * of one synchronous `validate` call and puts the original back: no other code can run in
 * between, so nothing else that uses the validator in the process sees the swap.
 */
import { format } from "@cfworker/json-schema";

// The WHATWG URL parser (linear) would strip or skip these; a URL in a JSON value has none.
const NO_SPACE_OR_CONTROL = /^[^\s\p{Cc}]+$/u;
const URL_SCHEMES = new Set(["http:", "https:", "ftp:"]);

/** The linear replacements, by format name. */
const LINEAR: Record<string, (value: string) => boolean> = {
  // cfworker's `url`: an absolute http, https or ftp URL with a host.
  url: (value) => {
    if (!NO_SPACE_OR_CONTROL.test(value)) return false;
    try {
      const url = new URL(value);
      return URL_SCHEMES.has(url.protocol) && url.hostname !== "";
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
