/**
 * The per-call state of the fetch wrapper: one object per call, shared by its attempts.
 *
 * It is the listener on the caller's signal (`handleEvent`) and the argument of the timeout
 * timer, so that a call allocates no closures and at most one `AbortController` (replaced only
 * after a timeout aborted it) and one pending timer at a time.
 */
export class CallState {
  /** The caller's `AbortSignal`; its abort is passed on and never retried. */
  readonly caller: AbortSignal | undefined;
  /** Aborts the attempt in flight on timeout or caller abort; fresh after each abort. */
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
  /** The body to send again on a retry; `null` when there is none. */
  body: BodyInit | null = null;
  /** False when the body is a stream that can be sent only once. */
  replayable = true;

  constructor(caller: AbortSignal | undefined) {
    this.caller = caller;
  }

  /** The signal for the next attempt: the current controller's, or a fresh one after an abort. */
  signal(): AbortSignal {
    let controller = this.controller;
    if (controller === undefined || controller.signal.aborted) {
      controller = this.controller = new AbortController();
    }
    return controller.signal;
  }

  /** Listener for the caller's `abort` event (EventListener object form: no closure). */
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
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.reject = undefined;
  }
}

function onTimer(state: CallState): void {
  state.timer = undefined;
  state.fired = state.total ? 2 : 1;
  state.controller?.abort();
  state.reject?.(state);
}
