import { readFileSync } from "node:fs";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

/**
 * publint on the tarball itself (not the package folder), so it sees exactly the
 * published files: an `exports` target left out of `files` is reported as missing.
 * `strict` turns warnings into errors, and every suggestion counts too: none of
 * them fire on a correct ESM-only package with `exports`, `files`, `type`,
 * `sideEffects`, `engines` and a license, so any that does is worth a look.
 */
export async function checkWithPublint(tarball: string): Promise<string[]> {
  const bytes = readFileSync(tarball);
  const buffer = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength,
  ) as ArrayBuffer;
  const { messages, pkg } = await publint({
    pack: { tarball: buffer },
    level: "suggestion",
    strict: true,
  });
  return messages.map(
    (message) =>
      `publint ${message.type} ${message.code}: ${formatMessage(message, pkg, { color: false }) ?? JSON.stringify(message.args)}`,
  );
}
