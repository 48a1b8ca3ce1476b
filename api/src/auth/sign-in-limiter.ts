import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface SignInLimits {
  /** Failed sign-ins allowed per client address per minute. */
  perAddressPerMinute: number;
  /** Failed sign-ins allowed per user name per hour (whether or not the user exists). */
  perUserPerHour: number;
}

/**
 * Counts failed sign-ins per address and per user name; successful ones cost nothing, so an office behind one
 * address is not locked out by its own people signing in. Kept in this process's memory.
 */
export class SignInLimiter {
  private readonly byAddress: RateLimiterMemory;
  private readonly byUser: RateLimiterMemory;

  constructor(limits: SignInLimits) {
    this.byAddress = new RateLimiterMemory({ keyPrefix: 'ip', points: limits.perAddressPerMinute, duration: 60 });
    this.byUser = new RateLimiterMemory({ keyPrefix: 'user', points: limits.perUserPerHour, duration: 3600 });
  }

  /** Seconds to wait before the next attempt, or 0 when an attempt may be made now. */
  async retryAfterS(address: string, username: string): Promise<number> {
    const [a, u] = await Promise.all([this.byAddress.get(address), this.byUser.get(username)]);
    let wait = 0;
    for (const [res, limiter] of [
      [a, this.byAddress],
      [u, this.byUser],
    ] as const)
      if (res && res.consumedPoints >= limiter.points) wait = Math.max(wait, Math.ceil(res.msBeforeNext / 1000));
    return wait;
  }

  async failed(address: string, username: string): Promise<void> {
    await Promise.all([
      this.byAddress.consume(address).catch(ignoreLimit),
      this.byUser.consume(username).catch(ignoreLimit),
    ]);
  }

  async succeeded(username: string): Promise<void> {
    await this.byUser.delete(username);
  }
}

function ignoreLimit(e: unknown): void {
  if (!(e instanceof RateLimiterRes)) throw e;
}
