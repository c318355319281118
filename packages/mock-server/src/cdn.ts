// A stand-in for WhatsApp's media CDN: the files a PhotoPicker or DocumentPicker upload leaves
// there, each at an unguessable path, served by GET (app/routes/cdn.ts). Meta, "Media upload
// components": the endpoint downloads each file from the `cdn_url` of the data_exchange payload.
// Make the files with `encryptFlowMedia` of the simulator.

import { toHex } from "./simulator/bytes.js";

/** Where the files are served: `${CDN_PATH}/<id>`. */
export const CDN_PATH = "/cdn";

/** The media files a mock serves, by id. */
export interface MockCdn {
  /**
   * Stores a file (the encrypted bytes, as WhatsApp's CDN holds them) and returns the path it is
   * served at, e.g. `/cdn/6f0c…`; the mock server's `cdn.put` returns the whole URL.
   * @example
   * const { file, metadata } = await encryptFlowMedia(photo);
   * const cdn_url = server.url + handler.cdn.put(file);
   */
  put(file: Uint8Array): string;
  /** The file at `path` (or its id), if stored. */
  get(pathOrId: string): Uint8Array | undefined;
  /** Removes every file (also done by the handler's `reset()`). */
  clear(): void;
  /** How many files are stored. */
  readonly size: number;
}

/** A file on the CDN; an uploaded media file also has its channel and MIME type. */
export interface CdnFile {
  readonly bytes: Uint8Array;
  /** The API key whose `D360-API-KEY` header the download needs (media uploaded to a channel). */
  readonly owner?: string;
  readonly mimeType?: string;
}

/** The in-memory store behind {@link MockCdn}. */
export class MediaCdn implements MockCdn {
  readonly #files = new Map<string, CdnFile>();

  put(file: Uint8Array): string {
    if (!(file instanceof Uint8Array)) throw new TypeError("cdn.put takes the file's bytes");
    return this.#store({ bytes: new Uint8Array(file) });
  }

  /** Store a file uploaded to a channel (`POST /media`): only that channel's key downloads it. */
  putOwned(bytes: Uint8Array, owner: string, mimeType: string): string {
    return this.#store({ bytes: new Uint8Array(bytes), owner, mimeType });
  }

  #store(file: CdnFile): string {
    // Random like a real CDN path, so that a test cannot reach a file it was not given.
    const id = toHex(crypto.getRandomValues(new Uint8Array(16)));
    this.#files.set(id, file);
    return `${CDN_PATH}/${id}`;
  }

  get(pathOrId: string): Uint8Array | undefined {
    return this.file(pathOrId)?.bytes;
  }

  /** The file at `path` (or its id) with its owner and MIME type, if stored. */
  file(pathOrId: string): CdnFile | undefined {
    return this.#files.get(idOf(pathOrId));
  }

  /** Remove the file at `path` (or its id). */
  delete(pathOrId: string): void {
    this.#files.delete(idOf(pathOrId));
  }

  clear(): void {
    this.#files.clear();
  }

  get size(): number {
    return this.#files.size;
  }
}

/** The id in a CDN path (`/cdn/<id>`), or `pathOrId` itself when it is the id already. */
function idOf(pathOrId: string): string {
  return pathOrId.startsWith(`${CDN_PATH}/`) ? pathOrId.slice(CDN_PATH.length + 1) : pathOrId;
}
