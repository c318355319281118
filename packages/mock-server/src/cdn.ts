// A stand-in for WhatsApp's media CDN: the files a PhotoPicker or DocumentPicker upload leaves
// there, each at an unguessable path, served by GET (app/routes/cdn.ts). Meta, "Media upload
// components": the endpoint downloads each file from the `cdn_url` of the data_exchange payload.
// Make the files with `encryptFlowMedia` of the simulator.

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

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The in-memory store behind {@link MockCdn}. */
export class MediaCdn implements MockCdn {
  readonly #files = new Map<string, Uint8Array>();

  put(file: Uint8Array): string {
    if (!(file instanceof Uint8Array)) throw new TypeError("cdn.put takes the file's bytes");
    // Random like a real CDN path, so that a test cannot reach a file it was not given.
    const id = toHex(crypto.getRandomValues(new Uint8Array(16)));
    this.#files.set(id, new Uint8Array(file));
    return `${CDN_PATH}/${id}`;
  }

  get(pathOrId: string): Uint8Array | undefined {
    const id = pathOrId.startsWith(`${CDN_PATH}/`) ? pathOrId.slice(CDN_PATH.length + 1) : pathOrId;
    return this.#files.get(id);
  }

  clear(): void {
    this.#files.clear();
  }

  get size(): number {
    return this.#files.size;
  }
}
