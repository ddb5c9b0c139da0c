import { RingBuffer } from './ring-buffer.js';

describe('RingBuffer', () => {
  it('is first in, first out across the wrap-around', () => {
    const buffer = new RingBuffer<number>(3);
    buffer.push(1);
    buffer.push(2);
    expect(buffer.take(1)).toEqual([1]);
    buffer.push(3);
    buffer.push(4);
    expect(buffer.size).toBe(3);
    expect(buffer.take(10)).toEqual([2, 3, 4]);
    expect(buffer.size).toBe(0);
  });

  it('drops the oldest item when full and says so', () => {
    const buffer = new RingBuffer<number>(2);
    expect([1, 2, 3, 4].map((item) => buffer.push(item))).toEqual([0, 0, 1, 1]);
    expect(buffer.take(2)).toEqual([3, 4]);
  });

  it('restores taken items in front, dropping the oldest of them that do not fit', () => {
    const buffer = new RingBuffer<number>(4);
    [1, 2, 3].forEach((item) => buffer.push(item));
    const taken = buffer.take(3);
    buffer.push(4);
    buffer.push(5);
    expect(buffer.restore(taken)).toBe(1);
    expect(buffer.take(4)).toEqual([2, 3, 4, 5]);
  });

  it('rejects a capacity below one', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});
