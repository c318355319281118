import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

/** One regular file in a package tarball, path relative to the package root. */
export interface TarEntry {
  data: Buffer;
  mode: number;
}

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString("utf8");
}

function octal(header: Buffer, start: number, length: number): number {
  const text = field(header, start, length).trim();
  return text === "" ? 0 : Number.parseInt(text, 8);
}

/**
 * Reads a .tgz written by `pnpm pack` / `npm pack` into memory. A small ustar
 * reader (plus the pax and GNU long-name records) rather than shelling out to
 * `tar`, so the check reads exactly the bytes npm would publish on every OS.
 * Paths drop the leading `package/` directory every npm tarball has.
 */
export function readTarball(file: string): Map<string, TarEntry> {
  const bytes = gunzipSync(readFileSync(file));
  const entries = new Map<string, TarEntry>();
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= bytes.length) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0);
    const dataStart = offset + BLOCK;
    const data = bytes.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    if (type === "x") {
      // pax extended header: "<len> path=<value>\n" records; only path matters here.
      const match = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString("utf8"));
      longName = match?.[1];
      continue;
    }
    if (type === "L") {
      longName = data.toString("utf8").replace(/\0+$/, "");
      continue;
    }
    if (type === "g") continue;

    const prefix = field(header, 345, 155);
    const name =
      longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    if (type !== "0" && type !== "\0") continue;
    const relative = name.replace(/^[^/]+\//, "");
    entries.set(relative, { data: Buffer.from(data), mode: octal(header, 100, 8) });
  }
  return entries;
}
