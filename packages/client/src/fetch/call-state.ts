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
  /** Rejects the wait in flight (an attempt or a hook): neither has to honour a signal. */
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
   * Run one attempt under the timer: resolves or rejects with `run`'s result, or rejects (with
   * this state) as soon as the timer fires, or with the caller's reason as soon as the caller
   * aborts, whatever `run` does: every fetch is raced, a user's or one installed on
   * `globalThis` included, since none of them has to honour the signal.
   *
   * @returns `run`'s result; `run` gets the signal to pass to `fetch`, or `undefined` when no
   *   timer runs (the request's own signal then carries the caller's abort)
   */
  attempt<T>(timeout: number, run: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
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
    return this.race(timed ? ms : -1, () => run(controller?.signal));
  }

  /**
   * Run a hook of the user's under the caller's signal and what is left of `totalTimeout`: a
   * hook that never settles cannot hang the call. Rejects with this state when the deadline
   * passes.
   */
  wait<T>(run: () => T | Promise<T>): Promise<T> {
    this.total = true;
    this.controller = undefined;
    return this.race(this.deadline ? Math.max(this.deadline - Date.now(), 0) : -1, run);
  }

  /** `run`, rejected by the timer after `ms` (-1 = no timer) or by the caller's abort. */
  private race<T>(ms: number, run: () => T | Promise<T>): Promise<T> {
    if (this.caller?.aborted) return Promise.reject(this.caller.reason);
    return new Promise<T>((resolve, reject) => {
      this.reject = reject;
      if (ms >= 0) this.timer = setTimeout(onTimer, ms, this);
      new Promise<T>((settle) => settle(run())).then(resolve, reject);
    }).finally(() => {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.reject = undefined;
    });
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
