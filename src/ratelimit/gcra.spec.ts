import { gcra } from './gcra.js';

describe('gcra', () => {
  it('allows a burst of exactly `burst` requests at one instant, then rejects', () => {
    let tat = 0;
    const now = 1_000_000;
    for (let i = 0; i < 40; i++) {
      const decision = gcra(tat, now, 20, 40);
      expect(decision.allowed).toBe(true);
      expect(decision.remaining).toBe(39 - i);
      tat = decision.tat;
    }
    const rejected = gcra(tat, now, 20, 40);
    expect(rejected.allowed).toBe(false);
    expect(rejected.retryAfterMs).toBeCloseTo(50, 6);
    expect(rejected.tat).toBe(tat);
  });

  it('refills at the sustained rate', () => {
    let tat = 0;
    for (let i = 0; i < 2; i++) tat = gcra(tat, 0, 2, 2).tat;
    expect(gcra(tat, 499, 2, 2).allowed).toBe(false);
    expect(gcra(tat, 500, 2, 2).allowed).toBe(true);
  });
});
