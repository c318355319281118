/** A message the mock accepted on `POST /messages` (recorded before the answer is sent). */
export interface SentMessage {
  /** The `wamid.` id the mock answered with. */
  id: string;
  /** The recipient as the request gave it (`to`). */
  to: string;
  /** The channel (API key) that sent it; never printed. */
  apiKey: string;
  /** The request body as parsed. */
  body: unknown;
  /** `biz_opaque_callback_data` from the body, echoed by Meta in every status webhook. */
  bizOpaqueCallbackData?: string;
  /** When it was accepted (ms since the epoch, from the mock's clock). */
  at: number;
}

/** Called once per accepted message; a listener that throws does not affect the API answer. */
export type SentMessageListener = (message: SentMessage) => void;

/** Listeners for accepted messages: the messages route emits, the webhook dispatcher listens. */
export class MessageEvents {
  readonly #listeners = new Set<SentMessageListener>();

  /** Add a listener; returns the function that removes it. */
  on(listener: SentMessageListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tell every listener; errors are swallowed so the API answer never depends on a listener. */
  emit(message: SentMessage): void {
    for (const listener of this.#listeners) {
      try {
        listener(message);
      } catch {
        // a listener's failure is its own (the webhook dispatcher logs its deliveries)
      }
    }
  }
}
