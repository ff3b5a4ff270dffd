// Heavy requests (reports, exports, file imports) a user may have running at once. One user
// opening ten exports must not take every worker from the others: past the limit the
// request is answered 429 at once, before any work is done.
import { HttpError } from '../httpError';

export class HeavyGate {
  private readonly running = new Map<string, number>();

  constructor(readonly perUser: number) {}

  async run<T>(userId: string, work: () => Promise<T>): Promise<T> {
    const now = this.running.get(userId) ?? 0;
    if (now >= this.perUser) {
      throw new HttpError(429, 'too-many-heavy-requests', `you already have ${now} reports, exports or imports running: wait for one to finish, then try again`, {
        retryAfterSeconds: 2,
      });
    }
    this.running.set(userId, now + 1);
    try {
      return await work();
    } finally {
      const left = (this.running.get(userId) ?? 1) - 1;
      if (left > 0) this.running.set(userId, left);
      else this.running.delete(userId);
    }
  }
}
