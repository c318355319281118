import { parseEnv } from "node:util";
import { InputError } from "./errors.js";
import { readInput } from "./files.js";
import type { Io } from "./io.js";

/**
 * The environment with the variables of `--env-file FILE` added, parsed by Node's own .env parser
 * (`util.parseEnv`, the one behind `node --env-file`), with its rule: a variable already set in
 * the environment wins over the file (Node.js docs, "--env-file=file").
 */
export async function loadEnvFile(path: string, io: Io): Promise<Io["env"]> {
  const bytes = await readInput(path, io, "env");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`The env file '${path}' is not UTF-8 text.`, {
      hint: "--env-file takes a .env file: NAME=value lines, e.g. D360_API_KEY=…",
    });
  }
  const parsed = parseEnv(text);
  return { ...parsed, ...definedOnly(io.env) };
}

function definedOnly(env: Io["env"]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) result[name] = value;
  return result;
}
