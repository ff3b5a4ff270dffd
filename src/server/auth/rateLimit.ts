// Login attempts are limited per key (username and client address): a fixed number of
// failures in a sliding window, after which the key must wait. In memory, per process.

export interface RateLimit {
  /** milliseconds to wait before the next attempt, 0 when allowed */
  retryAfter(key: string, now?: number): number;
  failed(key: string, now?: number): void;
  succeeded(key: string): void;
}

export function loginRateLimit(maxFailures = 5, windowMs = 60_000): RateLimit {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number): number[] => {
    const kept = (failures.get(key) ?? []).filter((t) => now - t < windowMs);
    if (kept.length > 0) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  };
  return {
    retryAfter(key, now = Date.now()) {
      const times = recent(key, now);
      return times.length < maxFailures ? 0 : windowMs - (now - times[times.length - maxFailures]);
    },
    failed(key, now = Date.now()) {
      failures.set(key, [...recent(key, now), now]);
    },
    succeeded(key) {
      failures.delete(key);
    },
  };
}
