/**
 * A first-in first-out queue over an array with a moving head: `shift` is O(1) (Array's is O(n)),
 * and the array is compacted once the dead head outgrows the live part, so 100,000 queued
 * messages cost one slot each.
 */
export class Fifo<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  /** How many items are queued. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** The first item, or `undefined` when empty. */
  peek(): T | undefined {
    return this.#items[this.#head];
  }

  /** Add at the back. */
  push(item: T): void {
    this.#items.push(item);
  }

  /** Put back at the front (a message sent again keeps its place). */
  unshift(item: T): void {
    if (this.#head > 0) this.#items[--this.#head] = item;
    else this.#items.unshift(item);
  }

  /** Remove and return the first item. */
  shift(): T | undefined {
    if (this.#head >= this.#items.length) return;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** Remove and return every item, in order. */
  drain(): T[] {
    const all = this.#items.slice(this.#head) as T[];
    this.#items = [];
    this.#head = 0;
    return all;
  }
}
