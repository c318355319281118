import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  createReadStream,
  fsyncSync,
  openSync,
  writeFileSync,
} from "node:fs";
import { copyFile, rename as fsRename, link, lstat, mkdir, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "./errors.js";
import type { Io } from "./io.js";

/** A PEM key is a few kilobytes at most; anything this large is the wrong file, so stop reading. */
export const MAX_INPUT_BYTES = 1024 * 1024;

/** A file system error's code in words (ENOENT: "no such file"), else its message. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory, not a file";
  if (code === "ENOTDIR" || code === "EEXIST") return "a path component is a file, not a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads a key (or an env file) from a file, or from stdin when `source` is `-`. Both go through
 * one bounded read, so a device or a pipe given as a path (`/dev/zero`, `<(cmd)`) stops at the
 * limit too.
 * @param what How to name the input in errors: "public key", "private key", "env".
 */
export async function readInput(source: string, io: Io, what: string): Promise<Uint8Array> {
  if (source === "-") {
    const bytes = await readBounded(io.stdin, `on stdin; ${sizeNote(what)}`);
    if (bytes.byteLength === 0)
      throw new InputError(`Nothing was read from stdin, where the ${what} was expected.`, {
        hint: "Pipe the key in, e.g. d360 key set - < PUBLIC_KEY.pem",
      });
    return bytes;
  }
  const path = resolve(io.cwd, source);
  try {
    const info = await stat(path);
    if (info.isFile() && info.size > MAX_INPUT_BYTES)
      throw new InputError(
        `The ${what} file '${source}' is ${info.size} bytes; ${sizeNote(what)}`,
        {
          hint: "Check that you passed the right file.",
        },
      );
    return await readBounded(createReadStream(path), `in '${source}'; ${sizeNote(what)}`);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`Cannot read the ${what} file '${source}': ${describeFsError(error)}.`, {
      cause: error,
    });
  }
}

function sizeNote(what: string): string {
  return what === "env"
    ? "an env file is a few kilobytes at most."
    : `a ${what} is a few kilobytes at most.`;
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

/** A name beside `path` for a temporary or backup file: hidden, random, never a key's own name. */
export function sibling(path: string, suffix: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.${suffix}`);
}

/**
 * Writes `content` to a new file and flushes it to disk before returning. The flush is `fsync` on
 * the file descriptor, not `FileHandle#sync()`: Yarn's Plug'n'Play replaces `fs` with its own
 * implementation, where `FileHandle#sync()` throws "Method not implemented" and `fsync` works.
 */
function writeDurably(path: string, content: string, mode: number): void {
  // Created with the final mode ("wx": never an existing file), so a private key is never
  // readable by others, not even briefly; chmod then makes the mode exact despite the umask.
  const fd = openSync(path, "wx", mode);
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(path, mode);
}

/** Makes the renames in `directory` durable; best effort, as not every platform can open one. */
function syncDirectory(directory: string): void {
  try {
    const fd = openSync(directory, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a directory for fsync; the files themselves are already flushed.
  }
}

interface Staged {
  file: FileToWrite;
  temporary: string;
  /** The file that was there before, kept under another name until the new one is in place. */
  backup?: string;
}

/** The renames a write does; a parameter so a test can make one fail half-way. */
export type Rename = (from: string, to: string) => Promise<void>;

/**
 * Writes a set of files so that all of them are replaced or none: each is written to a temporary
 * file in its directory and flushed, the files already there are kept under backup names (hard
 * links, so they stay in place meanwhile), and only then are the new files renamed into place. If
 * a rename fails half-way, the files already replaced are put back from their backups, so a
 * private key and its public key never end up from different pairs and an old private key is
 * never lost to a failed `--force`. Without `force`, refuses (and writes nothing) when any of the
 * files already exists.
 */
export async function writeFilesAtomically(
  files: readonly FileToWrite[],
  options: {
    force: boolean;
    /** What to do when a file exists and `force` is off. @default choose another --out directory, or --force */
    refusalHint?: string;
  },
  rename: Rename = fsRename,
): Promise<void> {
  if (!options.force) {
    const existing: string[] = [];
    for (const file of files) if (await exists(file.path)) existing.push(file.label);
    if (existing.length > 0)
      throw new InputError(
        `Refusing to overwrite ${existing.join(" and ")}; nothing was written.`,
        {
          hint:
            options.refusalHint ??
            "Choose another directory with --out, or pass --force to replace them (an overwritten private key cannot be recovered).",
        },
      );
  }
  const staged: Staged[] = [];
  const cleanUp = () =>
    Promise.all(
      staged.flatMap((entry) =>
        [entry.temporary, entry.backup].map((path) =>
          path === undefined ? undefined : rm(path, { force: true }),
        ),
      ),
    );
  try {
    for (const file of files) {
      await mkdir(dirname(file.path), { recursive: true, mode: 0o700 });
      const entry: Staged = { file, temporary: sibling(file.path, "tmp") };
      staged.push(entry);
      writeDurably(entry.temporary, file.content, file.mode);
    }
    for (const entry of staged) {
      if (!(await exists(entry.file.path))) continue;
      entry.backup = sibling(entry.file.path, "old");
      await link(entry.file.path, entry.backup).catch(() =>
        // A file system without hard links: a copy (with the mode) does as well.
        copyFile(entry.file.path, entry.backup as string),
      );
    }
  } catch (error) {
    await cleanUp();
    throw writeFailure(error, "nothing was replaced");
  }
  const replaced: Staged[] = [];
  try {
    for (const entry of staged) {
      await rename(entry.temporary, entry.file.path);
      replaced.push(entry);
    }
  } catch (error) {
    // Put back what was replaced: both files or neither.
    for (const entry of replaced.reverse()) {
      if (entry.backup === undefined) await rm(entry.file.path, { force: true });
      else await rename(entry.backup, entry.file.path);
      entry.backup = undefined;
    }
    await cleanUp();
    throw writeFailure(error, "the files that were there before are back in place");
  }
  for (const directory of new Set(files.map((file) => dirname(file.path))))
    syncDirectory(directory);
  await cleanUp();
}

function writeFailure(error: unknown, outcome: string): InputError {
  if (error instanceof InputError) return error;
  return new InputError(`Could not write the key files (${outcome}): ${describeFsError(error)}.`, {
    hint: "Check that the --out directory is writable and has free space.",
    cause: error,
  });
}
