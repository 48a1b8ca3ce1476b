import { describe, expect, it, vi } from 'vitest';
import { abortInFlight, fetchWithTimeout, inFlightCount, RequestTimeout, withTimeout } from './timeout.ts';

/** A server that never answers: the promise settles only when the request is aborted. */
const hung = (_r: Request, init?: RequestInit) =>
  new Promise<Response>((_resolve, reject) => {
    const signal = init!.signal!;
    signal.addEventListener('abort', () => reject(signal.reason as Error));
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('requests with a time limit', () => {
  it('a hung server: the request rejects with RequestTimeout after the limit', async () => {
    const f = withTimeout(hung, 300);
    const t0 = Date.now();
    const seen = f(new Request('http://x/api/sites')).catch((e: unknown) => e);
    await sleep(100);
    expect(inFlightCount()).toBe(1);
    const err = await seen;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(err).toBeInstanceOf(RequestTimeout);
    expect((err as RequestTimeout).timeoutMs).toBe(300);
    expect(new RequestTimeout(10_000, '/api/sites').message).toBe('The server did not answer /api/sites within 10 s.');
    expect(inFlightCount()).toBe(0);
  });

  it('an answer in time is passed on; the limit no longer applies to it', async () => {
    let signal: AbortSignal | undefined;
    const f = withTimeout(async (_r, init) => {
      signal = init?.signal ?? undefined;
      return new Response('{"ok":true}', { status: 200 });
    }, 100);
    const res = await f(new Request('http://x/api/health'));
    expect(inFlightCount()).toBe(0);
    await sleep(200);
    expect(signal?.aborted).toBe(false);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('abortInFlight ends every waiting request at once (the live connection found the server silent)', async () => {
    const f = withTimeout(hung, 60_000);
    const a = f(new Request('http://x/api/reports/monthly')).catch((e: unknown) => e);
    const b = f(new Request('http://x/api/reserves')).catch((e: unknown) => e);
    expect(inFlightCount()).toBe(2);
    expect(abortInFlight()).toBe(2);
    for (const err of [await a, await b]) {
      expect(err).toBeInstanceOf(RequestTimeout);
      expect((err as RequestTimeout).timeoutMs).toBeNull();
    }
    expect(inFlightCount()).toBe(0);
  });

  it('the caller’s own abort stays the caller’s', async () => {
    const f = withTimeout(hung, 60_000);
    const controller = new AbortController();
    const p = f(new Request('http://x/api/alarms', { signal: controller.signal })).catch((e: unknown) => e);
    controller.abort(new Error('navigated away'));
    const err = await p;
    expect(err).not.toBeInstanceOf(RequestTimeout);
    expect((err as Error).message).toBe('navigated away');
  });

  it('a network failure is passed on as it is', async () => {
    const f = withTimeout(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(f(new Request('http://x/api/sites'))).rejects.toThrow('Failed to fetch');
  });

  it('a request body goes with the request', async () => {
    let body = '';
    const f = withTimeout(async (r) => {
      body = await r.text();
      return new Response(null, { status: 204 });
    });
    await f(new Request('http://x/api/auth/sign-in', { method: 'POST', body: '{"username":"a"}' }));
    expect(body).toBe('{"username":"a"}');
  });

  it('fetchWithTimeout uses the global fetch', async () => {
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async () => new Response('x'));
    try {
      expect(await (await fetchWithTimeout('http://x/api/health')).text()).toBe('x');
      expect(spy).toHaveBeenCalledOnce();
      expect(spy.mock.calls[0]![1]?.signal).toBeInstanceOf(AbortSignal);
    } finally {
      spy.mockRestore();
    }
  });
});
