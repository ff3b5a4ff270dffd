import { describe, expect, it } from 'vitest';
import { hashPassword, newToken, verifyPassword } from '../../src/server/auth/password';
import { loginRateLimit } from '../../src/server/auth/rateLimit';

describe('passwords', () => {
  it('hash with scrypt, verify the right password only, never store the text', async () => {
    const stored = await hashPassword('规划局-2026!');
    expect(stored.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(stored).not.toContain('规划局');
    expect(await verifyPassword('规划局-2026!', stored)).toBe(true);
    expect(await verifyPassword('规划局-2026', stored)).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await hashPassword('same')).not.toBe(await hashPassword('same')); // salted
  });
  it('tokens are random and URL-safe', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(a);
  });
});

describe('login rate limit', () => {
  it('allows five failures a minute per key, then makes it wait; success clears it', () => {
    const limit = loginRateLimit(5, 60_000);
    for (let i = 0; i < 5; i++) {
      expect(limit.retryAfter('planner@127.0.0.1', 1000 + i)).toBe(0);
      limit.failed('planner@127.0.0.1', 1000 + i);
    }
    expect(limit.retryAfter('planner@127.0.0.1', 2000)).toBe(59_000);
    expect(limit.retryAfter('other@127.0.0.1', 2000)).toBe(0);
    expect(limit.retryAfter('planner@127.0.0.1', 61_001)).toBe(0);
    limit.failed('planner@127.0.0.1', 61_001);
    limit.succeeded('planner@127.0.0.1');
    expect(limit.retryAfter('planner@127.0.0.1', 61_002)).toBe(0);
  });
});
