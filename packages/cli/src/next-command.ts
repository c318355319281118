// The command lines d360 suggests as the next step ("Upload it: d360 key set keys/public.pem").
// A suggestion is meant to be pasted: it names only files that exist (or a placeholder in capitals
// that plainly is one), quotes what the shell would split, and carries over what this run was
// given that the next one needs as well.
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { OptionValues } from "./command.js";
import type { Io } from "./io.js";

// Words the POSIX shell leaves alone; anything else is single-quoted.
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** `word` as one shell word: as it is when the shell would not split or expand it, else in single quotes. */
export function shellWord(word: string): string {
  if (PLAIN_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * `d360 <words>`, quoted for the shell, with the options of this run the next command needs too:
 * `--env-file` (it may hold the API key and the base URL) and `--base-url` (the mock's, say).
 * Never `--api-key`: a key is not echoed; the suggestion relies on D360_API_KEY or the env file.
 * @param calledApi Whether the suggested command calls the API (only then is --base-url carried).
 */
export function nextCommand(
  values: OptionValues,
  words: readonly string[],
  options: { callsApi: boolean },
): string {
  const parts = ["d360", ...words.map(shellWord)];
  const envFile = values["env-file"];
  if (typeof envFile === "string") parts.push("--env-file", shellWord(envFile));
  const baseUrl = values["base-url"];
  if (options.callsApi && typeof baseUrl === "string" && !baseUrl.includes("@"))
    parts.push("--base-url", shellWord(baseUrl));
  return parts.join(" ");
}

/** Whether `path` (as given, relative to the working directory) is a file, to be named in a suggestion. */
export async function isFile(path: string, io: Pick<Io, "cwd">): Promise<boolean> {
  try {
    return (await stat(resolve(io.cwd, path))).isFile();
  } catch {
    return false;
  }
}
