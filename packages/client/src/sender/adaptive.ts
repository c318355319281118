/**
 * The share of the configured rate the sender uses, adapted to what the API answers: cut to
 * `beta` of itself on a throughput refusal (130429, 131057, the vendor's rate limit), at most once
 * per `cooldown` (the refusals of requests already in flight say little new), and grown back a
 * little with every success. Additive increase, multiplicative decrease (AIMD), as TCP's congestion control does
 * (RFC 5681): it converges under a limit lower than configured (a number shared with the
 * WhatsApp Business app, an upgrade in progress) instead of hammering it at a fixed rate.
 */
export class Adaptive {
  /** The share of the configured rate in use, from `min` to 1. */
  factor = 1;
  #lastCut = Number.NEGATIVE_INFINITY;

  /**
   * @param step - added to `factor` per success
   * @param beta - what a cut keeps: 0.7, CUBIC's choice (RFC 9438 §4.6), rather than Reno's 0.5,
   *   so that one refusal caused by network jitter costs little
   * @param min - the lowest share
   * @param cooldown - milliseconds between two cuts
   */
  constructor(
    readonly step: number,
    readonly beta = 0.7,
    readonly min = 0.05,
    readonly cooldown = 250,
  ) {}

  /** A refusal for going too fast. Returns whether the rate was cut. */
  cut(now: number): boolean {
    if (now - this.#lastCut < this.cooldown) return false;
    this.#lastCut = now;
    this.factor = Math.max(this.min, this.factor * this.beta);
    return true;
  }

  /** A success. */
  grow(): void {
    if (this.factor < 1) this.factor = Math.min(1, this.factor + this.step);
  }
}
