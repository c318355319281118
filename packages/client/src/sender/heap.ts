/**
 * A binary min-heap of entries ordered by `at` (epoch ms): the recipients waiting for their pair
 * limit or a back-off, so that one timer (for the earliest) serves all of them.
 */
export class TimeHeap<T extends { at: number }> {
  #items: T[] = [];

  /** How many entries wait. */
  get length(): number {
    return this.#items.length;
  }

  /** The earliest entry, or `undefined`. */
  peek(): T | undefined {
    return this.#items[0];
  }

  /** Add an entry. */
  push(item: T): void {
    const items = this.#items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as T).at <= item.at) break;
      items[i] = items[parent] as T;
      i = parent;
    }
    items[i] = item;
  }

  /** Remove and return the earliest entry. */
  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child =
        right < items.length && (items[right] as T).at < (items[left] as T).at ? right : left;
      if ((items[child] as T).at >= last.at) break;
      items[i] = items[child] as T;
      i = child;
    }
    items[i] = last;
    return top;
  }

  /** Remove and return every entry (in no particular order). */
  drain(): T[] {
    const all = this.#items;
    this.#items = [];
    return all;
  }
}
