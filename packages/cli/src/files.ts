import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { chmod, lstat, mkdir, open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "./errors.js";
import type { Io } from "./io.js";

/** A PEM key is a few kilobytes at most; anything this large is the wrong file, so stop reading. */
export const MAX_INPUT_BYTES = 1024 * 1024;

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory, not a file";
  if (code === "ENOTDIR" || code === "EEXIST") return "a path component is a file, not a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads a key from a file, or from stdin when `source` is `-`. Both go through one bounded read,
 * so a device or a pipe given as a path (`/dev/zero`, `<(cmd)`) stops at the limit too.
 * @param what How to name the input in errors: "public key", "private key".
 */
export async function readInput(source: string, io: Io, what: string): Promise<Uint8Array> {
  if (source === "-") {
    const bytes = await readBounded(io.stdin, `on stdin; a ${what} is a few kilobytes at most.`);
    if (bytes.byteLength === 0)
      throw new InputError(`Nothing was read from stdin, where the ${what} was expected.`, {
        hint: "Pipe the key in, e.g. d360 key set - < public.pem",
      });
    return bytes;
  }
  const path = resolve(io.cwd, source);
  try {
    const info = await stat(path);
    if (info.isFile() && info.size > MAX_INPUT_BYTES)
      throw new InputError(
        `The ${what} file '${source}' is ${info.size} bytes; a key is a few kilobytes at most.`,
        {
          hint: "Check that you passed the right file.",
        },
      );
    return await readBounded(
      createReadStream(path),
      `in '${source}'; a ${what} is a few kilobytes at most.`,
    );
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`Cannot read the ${what} file '${source}': ${describeFsError(error)}.`, {
      cause: error,
    });
  }
}

/** All of `source`, or an InputError as soon as it passes MAX_INPUT_BYTES. */
async function readBounded(
  source: AsyncIterable<Uint8Array | string>,
  tooMuch: string,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += bytes.byteLength;
    if (size > MAX_INPUT_BYTES) {
      // Stop a file stream now rather than when it is garbage-collected.
      (source as { destroy?: () => void }).destroy?.();
      throw new InputError(`More than ${MAX_INPUT_BYTES} bytes ${tooMuch}`, {
        hint: "Check that you passed the right file.",
      });
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, size);
}

export interface FileToWrite {
  path: string;
  /** How the file is named in messages: the path as the user gave it. */
  label: string;
  content: string;
  mode: number;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return false;
    throw error;
  }
}

/**
 * Writes each file to a temporary file in the same directory and renames it into place, so that a
 * crash or a full disk never leaves a half-written key behind. Without `force`, refuses (and writes
 * nothing) when any of the files already exists.
 */
export async function writeFilesAtomically(
  files: readonly FileToWrite[],
  options: { force: boolean },
): Promise<void> {
  if (!options.force) {
    const existing: string[] = [];
    for (const file of files) if (await exists(file.path)) existing.push(file.label);
    if (existing.length > 0)
      throw new InputError(
        `Refusing to overwrite ${existing.join(" and ")}; nothing was written.`,
        {
          hint: "Choose another directory with --out, or pass --force to replace them (an overwritten private key cannot be recovered).",
        },
      );
  }
  const temporary: string[] = [];
  try {
    for (const file of files) {
      await mkdir(dirname(file.path), { recursive: true, mode: 0o700 });
      const tmp = join(
        dirname(file.path),
        `.${basename(file.path)}.${randomBytes(6).toString("hex")}.tmp`,
      );
      temporary.push(tmp);
      // Created with the final mode, so a private key is never readable by others, not even briefly.
      const handle = await open(tmp, "wx", file.mode);
      try {
        await handle.writeFile(file.content);
        await handle.sync();
      } finally {
        await handle.close();
      }
      // open()'s mode is filtered by the umask; chmod makes the mode exact (0600 stays 0600).
      await chmod(tmp, file.mode);
    }
    for (const [index, file] of files.entries())
      await rename(temporary[index] as string, file.path);
  } catch (error) {
    await Promise.all(temporary.map((tmp) => rm(tmp, { force: true })));
    if (error instanceof InputError) throw error;
    throw new InputError(`Could not write the key files: ${describeFsError(error)}.`, {
      hint: "Check that the --out directory is writable.",
      cause: error,
    });
  }
}
