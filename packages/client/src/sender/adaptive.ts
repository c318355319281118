/**
 * The share of the configured rate the sender uses, adapted to what the API answers: halved on a
 * throughput refusal (130429, 131057, the vendor's rate limit), at most once per `cooldown` (the
 * refusals of requests already in flight say nothing new), and grown back a little with every
 * success. Additive increase, multiplicative decrease (AIMD), as TCP's congestion control does
 * (RFC 5681): it converges under a limit lower than configured (a number shared with the
 * WhatsApp Business app, an upgrade in progress) instead of hammering it at a fixed rate.
 */
export class Adaptive {
  /** The share of the configured rate in use, from `min` to 1. */
  factor = 1;
  #lastCut = Number.NEGATIVE_INFINITY;

  /**
   * @param step - added to `factor` per success (1 / (5 × rate): back from half to full in
   *   about 2.5 s of sending at the lowered rate)
   * @param min - the lowest share
   * @param cooldown - milliseconds between two cuts
   */
  constructor(
    readonly step: number,
    readonly min = 0.05,
    readonly cooldown = 1_000,
  ) {}

  /** A refusal for going too fast. Returns whether the rate was cut. */
  cut(now: number): boolean {
    if (now - this.#lastCut < this.cooldown) return false;
    this.#lastCut = now;
    this.factor = Math.max(this.min, this.factor / 2);
    return true;
  }

  /** A success. */
  grow(): void {
    if (this.factor < 1) this.factor = Math.min(1, this.factor + this.step);
  }
}
