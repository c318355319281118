/**
 * The timers and abort wiring of one call, shared by its attempts. It is the listener on the
 * caller's signal (`handleEvent`: no closure), and arms one timer per attempt: the shorter of
 * `timeout` and what is left of `totalTimeout`, covering the response headers and the body.
 *
 * Timers are `setTimeout` with an `AbortController`, like ky's `utils/timeout.ts`, rather than
 * `AbortSignal.timeout`: such a timer cannot be cleared (every call would leave one pending for
 * the whole `timeout`), and test clocks cannot fake it.
 */
export class CallState {
  /** The caller's signal (the request's), if any; its abort is passed on and never retried. */
  readonly caller: AbortSignal | undefined;
  /** Epoch milliseconds at which `totalTimeout` runs out; 0 = no deadline. */
  readonly deadline: number;
  /** Aborts the attempt in flight on timeout or caller abort. */
  controller: AbortController | undefined = undefined;
  /** Set by the timer: 1 = the attempt timed out, 2 = the whole call did. */
  fired: 0 | 1 | 2 = 0;
  /** Whether the attempt in flight has started reading the body. */
  reading = false;
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private total = false;
  /** Rejects the attempt in flight: a custom fetch may ignore signals. */
  private reject: ((reason: unknown) => void) | undefined = undefined;

  constructor(caller: AbortSignal | undefined, totalTimeout: number) {
    this.caller = caller;
    this.deadline = totalTimeout ? Date.now() + totalTimeout : 0;
  }

  /** Listener for the caller's `abort` event. */
  handleEvent(): void {
    this.controller?.abort(this.caller?.reason);
    this.reject?.(this.caller?.reason);
  }

  /**
   * Run one attempt under the timer: resolves or rejects with `attempt`'s result, or rejects
   * as soon as the timer fires or the caller aborts, whatever the attempt does.
   *
   * @param honoursSignal - whether `run` settles as soon as the signal aborts (the platform's
   *   fetch and its body reads do): then no race against the timer is needed
   * @returns `run`'s result; `run` gets the signal to pass to `fetch`, or `undefined` when no
   *   timer runs (the request's own signal then carries the caller's abort)
   */
  async attempt<T>(
    timeout: number,
    honoursSignal: boolean,
    run: (signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    let ms = timeout;
    this.total = false;
    this.fired = 0;
    this.reading = false;
    if (this.deadline) {
      const left = this.deadline - Date.now();
      if (!ms || left <= ms) {
        ms = Math.max(left, 0);
        this.total = true;
      }
    }
    const timed = ms > 0 || this.total;
    const controller = timed ? new AbortController() : undefined;
    this.controller = controller;
    try {
      if (honoursSignal) {
        if (timed) this.timer = setTimeout(onTimer, ms, this);
        return await run(controller?.signal);
      }
      return await new Promise<T>((resolve, reject) => {
        this.reject = reject;
        if (timed) this.timer = setTimeout(onTimer, ms, this);
        run(controller?.signal).then(resolve, reject);
      });
    } finally {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.reject = undefined;
    }
  }

  /** Called by the timer. */
  expire(): void {
    this.fired = this.total ? 2 : 1;
    this.controller?.abort();
    this.reject?.(this);
  }
}

function onTimer(state: CallState): void {
  state.expire();
}
