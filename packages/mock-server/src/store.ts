import type {
  BusinessEncryptionInfo,
  BusinessPublicKeySignatureStatus,
} from "@d360-messaging/types";

/** What the mock holds for one channel (phone number). */
export interface StoredKey {
  /** Canonical SPKI PEM, as the upload validation produced it. */
  pem: string;
  signatureStatus: BusinessPublicKeySignatureStatus;
}

/**
 * Per-channel storage of the business public key. Each API key is one channel;
 * the API keeps "only one active public key per phone number at a time;
 * previous keys are replaced when a new one is uploaded" (vendor reference).
 */
export class KeyStore {
  readonly #initial: ReadonlyMap<string, StoredKey | undefined>;
  readonly #keys = new Map<string, StoredKey | undefined>();
  readonly #index: ReadonlyMap<string, number>;

  constructor(initial: ReadonlyMap<string, StoredKey | undefined>) {
    this.#initial = new Map(initial);
    this.#index = new Map([...initial.keys()].map((apiKey, i) => [apiKey, i]));
    this.reset();
  }

  /** Whether `apiKey` is one of the configured channels. */
  has(apiKey: string): boolean {
    return this.#keys.has(apiKey);
  }

  get(apiKey: string): StoredKey | undefined {
    return this.#keys.get(apiKey);
  }

  set(apiKey: string, key: StoredKey): void {
    this.#keys.set(apiKey, key);
  }

  /** Position of `apiKey` in the configuration, a label for a channel that is not the secret. */
  indexOf(apiKey: string): number | undefined {
    return this.#index.get(apiKey);
  }

  /** Back to the keys the handler was created with. */
  reset(): void {
    this.#keys.clear();
    for (const [apiKey, key] of this.#initial) this.#keys.set(apiKey, key && { ...key });
  }

  /** The `data[]` entry the API reports for a channel; none before a key was uploaded. */
  info(apiKey: string): BusinessEncryptionInfo | undefined {
    const key = this.#keys.get(apiKey);
    if (!key) return undefined;
    return {
      business_public_key: key.pem,
      business_public_key_signature_status: key.signatureStatus,
    };
  }
}
