/**
 * A fixed-capacity FIFO that makes room by dropping its oldest items, in O(1) per item:
 * the reporter's buffer must stay cheap to write while the server is down for hours.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends `item`; returns 1 when the oldest item had to go to make room, else 0. */
  push(item: T): number {
    if (this.count === this.capacity) {
      this.items[this.head] = item;
      this.head = (this.head + 1) % this.capacity;
      return 1;
    }
    this.items[(this.head + this.count) % this.capacity] = item;
    this.count++;
    return 0;
  }

  /** Removes and returns up to `limit` of the oldest items, oldest first. */
  take(limit: number): T[] {
    const taken: T[] = [];
    while (taken.length < limit && this.count > 0) {
      taken.push(this.items[this.head] as T);
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.count--;
    }
    return taken;
  }

  /**
   * Puts items taken earlier back in front (they are older than anything buffered since).
   * Returns how many of them did not fit and were dropped: the oldest of them.
   */
  restore(items: readonly T[]): number {
    const fitting = Math.min(items.length, this.capacity - this.count);
    for (let index = items.length - 1; index >= items.length - fitting; index--) {
      this.head = (this.head - 1 + this.capacity) % this.capacity;
      this.items[this.head] = items[index];
      this.count++;
    }
    return items.length - fitting;
  }
}
