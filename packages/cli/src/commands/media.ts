import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { link, readFile, rm, stat } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { CommandSpec } from "../command.js";
import { clientFrom, stringValue } from "../config.js";
import { InputError, UsageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { describeFsError, sibling } from "../files.js";
import { paint } from "../output.js";

/** The largest media file the Cloud API takes (documents, 100 MB); larger is refused unread. */
const MAX_MEDIA_BYTES = 100 * 1024 * 1024;

/**
 * MIME types by file extension, for the types Meta's "Supported media types" table lists
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#supported-media-types);
 * any other file needs --type.
 */
const TYPES: Readonly<Record<string, string>> = {
  ".aac": "audio/aac",
  ".amr": "audio/amr",
  ".mp3": "audio/mpeg",
  ".m4a": "audio/mp4",
  ".ogg": "audio/ogg",
  ".txt": "text/plain",
  ".pdf": "application/pdf",
  ".doc": "application/msword",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".xls": "application/vnd.ms-excel",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".ppt": "application/vnd.ms-powerpoint",
  ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".3gp": "video/3gp",
  ".mp4": "video/mp4",
};

/** `d360 media upload --json` output. */
export interface MediaUploadResult {
  /** The media ID to send the file by. */
  id: string;
  mimeType: string;
  size: number;
}

export const mediaUpload: CommandSpec = {
  path: ["media", "upload"],
  summary: "Upload a media file and print its ID, to send it by ID",
  description: `Uploads an image, video, audio file, document or sticker and prints its media ID. The type
comes from the file's extension (.jpg, .png, .webp, .mp4, .ogg, .pdf, …) or from --type. The
type and size are checked against WhatsApp's limits first (images 5 MB, audio and video 16 MB,
documents 100 MB, stickers 100 KB or 500 KB animated): a file WhatsApp would refuse is reported
with exit code 2 and nothing is sent.`,
  examples: [
    "D360_API_KEY=… d360 media upload photo.jpg",
    "d360 media upload recording --type audio/ogg",
    "d360 media upload invoice.pdf --json | jq -r .id",
  ],
  options: {
    type: {
      type: "string",
      value: "MIME",
      description: "The file's MIME type, e.g. image/jpeg. Default: from the file's extension.",
    },
  },
  callsApi: true,
  positionals: { min: 1, max: 1, names: "<file>" },
  async run({ values, positionals, io, out, json, onFinish }) {
    const source = positionals[0] as string;
    const path = resolve(io.cwd, source);
    const mimeType = stringValue(values, "type") ?? TYPES[extname(source).toLowerCase()];
    if (mimeType === undefined)
      throw new UsageError(`Cannot tell the media type of '${source}' from its extension.`, {
        hint: `Pass it with --type, e.g. --type image/jpeg (WhatsApp takes: ${[...new Set(Object.values(TYPES))].join(", ")})`,
      });
    let bytes: Uint8Array;
    try {
      const info = await stat(path);
      if (info.isFile() && info.size > MAX_MEDIA_BYTES)
        throw new InputError(
          `'${source}' is ${info.size} bytes, over the largest media file WhatsApp takes (${MAX_MEDIA_BYTES} bytes).`,
          { hint: "Send a smaller file, or a link to it." },
        );
      bytes = await readFile(path);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`Cannot read the media file '${source}': ${describeFsError(error)}.`, {
        cause: error,
      });
    }
    const client = clientFrom(values, io, out, onFinish);
    const { id } = await client.media.upload(bytes, { type: mimeType, filename: basename(path) });
    const result: MediaUploadResult = { id, mimeType, size: bytes.byteLength };
    if (json) {
      out.json(result);
      return ExitCode.OK;
    }
    out.out(["Uploaded ", paint("bold", id), ` (${mimeType}, ${bytes.byteLength} bytes).`]);
    return ExitCode.OK;
  },
};

/** `d360 media download --json` output. */
export interface MediaDownloadResult {
  /** The file written. */
  path: string;
  mimeType: string | null;
  size: number;
  /** SHA-256 (hex) of what was written, which matched the API's when it gave one. */
  sha256: string;
}

export const mediaDownload: CommandSpec = {
  path: ["media", "download"],
  summary: "Download a media file by its ID into a file",
  description: `Downloads the media file with the given ID (from an upload, or an incoming message's webhook)
into --out. The file is written under a temporary name and renamed into place only once it is
complete and its SHA-256 matches the one the API gives, so --out never holds half a file. An
existing --out is left alone unless --force.`,
  examples: [
    "D360_API_KEY=… d360 media download 1037543291543636 --out photo.jpg",
    "d360 media download 1037543291543636 --out photo.jpg --max-bytes 5000000",
  ],
  options: {
    out: { type: "string", value: "FILE", description: "Write the file here." },
    force: { type: "boolean", description: "Replace --out if it exists." },
    "max-bytes": {
      type: "string",
      value: "N",
      description: "Refuse a file larger than N bytes (default 104857600, WhatsApp's largest).",
    },
  },
  callsApi: true,
  requiredOptions: ["out"],
  positionals: { min: 1, max: 1, names: "<media-id>" },
  async run({ values, positionals, io, out, json, onFinish }) {
    const mediaId = positionals[0] as string;
    // 360dialog's reference: "Media ID (must be numeric)"
    // (https://docs.360dialog.com/docs/messaging-api/api-reference/media).
    if (!/^\d+$/.test(mediaId))
      throw new UsageError("The media ID is a number.", {
        hint: "Pass the id from an upload or from the webhook's image/document/… object, e.g. 1037543291543636",
      });
    const rawMax = stringValue(values, "max-bytes");
    const maxBytes = rawMax === undefined ? MAX_MEDIA_BYTES : Number(rawMax);
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1)
      throw new UsageError(
        `--max-bytes must be a positive whole number of bytes, got '${rawMax}'.`,
      );
    const target = resolve(io.cwd, stringValue(values, "out") as string);
    if (values.force !== true && (await stat(target).catch(() => undefined)) !== undefined)
      throw new InputError(`Refusing to overwrite '${target}'; nothing was downloaded.`, {
        hint: "Choose another --out, or pass --force to replace it.",
      });
    const client = clientFrom(values, io, out, onFinish);
    const media = await client.media.download(mediaId, { maxBytes });
    const temporary = sibling(target, "part");
    const hash = createHash("sha256");
    let size = 0;
    try {
      await pipeline(
        Readable.fromWeb(media.stream as NodeReadableStream<Uint8Array>),
        async function* (chunks: AsyncIterable<Uint8Array>) {
          for await (const chunk of chunks) {
            hash.update(chunk);
            size += chunk.byteLength;
            yield chunk;
          }
        },
        createWriteStream(temporary, { flags: "wx", mode: 0o600 }),
      );
      const sha256 = hash.digest("hex");
      // Meta gives the file's SHA-256 in hex; anything else is not compared.
      if (media.sha256 !== undefined && /^[0-9a-f]{64}$/i.test(media.sha256)) {
        if (media.sha256.toLowerCase() !== sha256)
          throw new InputError(
            `The downloaded file's SHA-256 does not match the one the API gives; nothing was written to '${target}'.`,
            { hint: "Run the command again; the download was cut or altered on the way." },
          );
      }
      if (values.force === true) await rm(target, { force: true });
      // link + rm, not rename: without --force an --out created meanwhile is not replaced.
      await link(temporary, target);
      const result: MediaDownloadResult = {
        path: target,
        mimeType: media.mimeType ?? null,
        size,
        sha256,
      };
      if (json) out.json(result);
      else
        out.out([
          "Saved ",
          paint("bold", target),
          ` (${media.mimeType ?? "unknown type"}, ${size} bytes, SHA-256 ${sha256}).`,
        ]);
      return ExitCode.OK;
    } catch (error) {
      if (error instanceof InputError) throw error;
      const code = (error as { code?: unknown } | null)?.code;
      if (code === "EEXIST")
        throw new InputError(`Refusing to overwrite '${target}'; nothing was written.`, {
          hint: "Choose another --out, or pass --force to replace it.",
        });
      if (typeof code === "string")
        throw new InputError(`Cannot write '${target}': ${describeFsError(error)}.`, {
          hint: "Check that the directory exists and is writable.",
          cause: error,
        });
      throw error;
    } finally {
      await rm(temporary, { force: true });
    }
  },
};
