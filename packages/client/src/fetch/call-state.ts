/**
 * The per-call state of the fetch wrapper: one object per call, shared by its attempts.
 *
 * It is also the listener on the caller's signal (`handleEvent`), the argument of the timeout
 * timer, and the `RequestInit` given to a custom fetch, whose `signal` getter creates the
 * `AbortController` only when the fetch reads it. So a call allocates no closures, no
 * controller when nothing asks for a signal (an in-memory handler), and at most one pending
 * timer. None of its fields is a `RequestInit` member other than `signal`.
 */
export class CallState {
  /** The caller's `AbortSignal`; its abort is passed on and never retried. */
  readonly caller: AbortSignal | undefined;
  /** Aborts the attempt in flight on timeout or caller abort; replaced after an abort. */
  controller: AbortController | undefined = undefined;
  /** The pending timer of the attempt in flight. */
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  /** Whether the armed timer is the `totalTimeout` deadline rather than the attempt's `timeout`. */
  total = false;
  /** Set by the timer: 1 = the attempt timed out, 2 = the whole call did. */
  fired: 0 | 1 | 2 = 0;
  /** Epoch milliseconds at which `totalTimeout` runs out; 0 = no deadline. */
  deadline = 0;
  /** Rejects the attempt in flight when it is raced (a custom fetch may ignore signals). */
  reject: ((reason: unknown) => void) | undefined = undefined;
  /** The body to send again on a retry (a `Request` body read once). */
  replay: ArrayBuffer | undefined = undefined;

  constructor(caller: AbortSignal | undefined) {
    this.caller = caller;
  }

  /**
   * The signal of the attempt in flight: the current controller's, or a fresh one after an
   * abort; combined with the caller's, so that an abort while the body is read (after the
   * wrapper has stopped listening) still cancels it.
   */
  get signal(): AbortSignal {
    let controller = this.controller;
    if (controller === undefined || controller.signal.aborted) {
      controller = this.controller = new AbortController();
    }
    return this.caller ? AbortSignal.any([this.caller, controller.signal]) : controller.signal;
  }

  /** Listener for the caller's `abort` event (the EventListener object form: no closure). */
  handleEvent(): void {
    const reason = this.caller?.reason;
    this.controller?.abort(reason);
    this.reject?.(reason);
  }

  /** Start the timer of one attempt: the shorter of `timeout` and what is left of `totalTimeout`. */
  arm(timeout: number): void {
    let ms = timeout;
    this.total = false;
    if (this.deadline !== 0) {
      const left = this.deadline - Date.now();
      if (ms === 0 || left <= ms) {
        ms = Math.max(left, 0);
        this.total = true;
      }
    } else if (ms === 0) {
      return;
    }
    this.timer = setTimeout(onTimer, ms, this);
  }

  /** Stop the timer once the attempt settled. */
  disarm(): void {
    clearTimeout(this.timer);
    this.reject = undefined;
  }
}

function onTimer(state: CallState): void {
  state.fired = state.total ? 2 : 1;
  state.controller?.abort();
  state.reject?.(state);
}
