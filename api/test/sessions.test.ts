/** Sessions as users expect them: sign-out ends them everywhere, expiry ends open sockets, failed sign-ins are limited. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { io, type Socket } from 'socket.io-client';
import { waitFor } from '@ems/testkit';
import { baseUrl, PASSWORDS, signIn, startStack, type Stack } from './helpers.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.close());

async function openSocket(app: FastifyInstance, cookie: string): Promise<{ socket: Socket; ended: string[] }> {
  const socket = io(baseUrl(app), {
    path: '/socket.io',
    extraHeaders: { cookie },
    transports: ['websocket'],
    reconnection: false,
  });
  const ended: string[] = [];
  socket.on('session_ended', (e: { reason: string }) => ended.push(e.reason));
  await new Promise<void>((resolve, reject) => {
    socket.on('connect', () => resolve());
    socket.on('connect_error', reject);
  });
  return { socket, ended };
}

const me = (app: FastifyInstance, cookie: string) => app.inject({ url: '/api/auth/me', headers: { cookie } });
const signOut = (app: FastifyInstance, cookie: string) =>
  app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie } });

describe('sign-out', () => {
  it('the old cookie stops working and its open socket is disconnected; other sessions of the user stay', async () => {
    const app = await stack.app();
    const cookie = await signIn(app, 'operator');
    const other = await signIn(app, 'operator');
    const { socket, ended } = await openSocket(app, cookie);
    const second = await openSocket(app, other);
    expect((await me(app, cookie)).statusCode).toBe(200);
    const out = await signOut(app, cookie);
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/ems_session=;/);
    const after = await me(app, cookie);
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toMatch(/not signed in/);
    await waitFor(() => !socket.connected, {
      timeoutMs: 5_000,
      description: 'the signed-out socket to be disconnected',
    });
    expect(ended).toEqual(['signed_out']);
    // the same user on another browser is not signed out
    expect((await me(app, other)).statusCode).toBe(200);
    expect(second.socket.connected).toBe(true);
    second.socket.close();
    // a socket cannot be opened with the old cookie either
    await expect(openSocket(app, cookie)).rejects.toThrow(/unauthorized/);
  });

  it('holds in every API process, also in one started after the sign-out', async () => {
    const a = await stack.app();
    const b = await stack.app();
    const cookie = await signIn(a, 'viewer');
    expect((await me(b, cookie)).statusCode).toBe(200);
    const { socket, ended } = await openSocket(b, cookie);
    expect((await signOut(a, cookie)).statusCode).toBe(200);
    await waitFor(async () => (await me(b, cookie)).statusCode === 401, {
      timeoutMs: 5_000,
      description: 'the other API process to refuse the signed-out cookie',
    });
    await waitFor(() => !socket.connected, { timeoutMs: 5_000, description: "the other process's socket to close" });
    expect(ended).toEqual(['signed_out']);
    const c = await stack.app();
    await waitFor(async () => (await me(c, cookie)).statusCode === 401, {
      timeoutMs: 5_000,
      description: 'a process started later to learn the sign-out from the broker',
    });
  });
});

describe('expiry', () => {
  it('an open socket is disconnected when its session expires', async () => {
    const app = await stack.app({ SESSION_TTL_HOURS: String(1.5 / 3600) }); // 1.5 s
    const cookie = await signIn(app, 'viewer');
    const { socket, ended } = await openSocket(app, cookie);
    await waitFor(() => !socket.connected, {
      timeoutMs: 6_000,
      description: 'the socket of the expired session to close',
    });
    expect(ended).toEqual(['expired']);
    expect((await me(app, cookie)).statusCode).toBe(401);
  });
});

describe('failed sign-ins are limited per address and per user; successful ones are not', () => {
  const attempt = (app: FastifyInstance, username: string, password: string, remoteAddress: string) =>
    app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username, password }, remoteAddress });

  it('an office behind one address can sign in as often as it needs', async () => {
    const app = await stack.app({ SIGN_IN_RATE_LIMIT: '3' });
    for (let i = 0; i < 12; i++)
      expect((await attempt(app, 'viewer', PASSWORDS.viewer, '10.0.0.1')).statusCode).toBe(200);
  });

  it('failures from one address: the 4th attempt in the minute waits, whatever the user name', async () => {
    const app = await stack.app({ SIGN_IN_RATE_LIMIT: '3', SIGN_IN_USER_LIMIT: '100' });
    const codes: number[] = [];
    for (const user of ['admin', 'nobody', 'operator', 'viewer'])
      codes.push((await attempt(app, user, 'wrong', '10.0.0.2')).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
    const blocked = await attempt(app, 'viewer', PASSWORDS.viewer, '10.0.0.2');
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.json().message).toMatch(/Too many failed sign-ins: wait \d+ s/);
    expect((await attempt(app, 'viewer', PASSWORDS.viewer, '10.0.0.3')).statusCode).toBe(200);
  });

  it('failures for one user name from many addresses: that name waits, others do not', async () => {
    const app = await stack.app({ SIGN_IN_RATE_LIMIT: '100', SIGN_IN_USER_LIMIT: '3' });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await attempt(app, 'admin', 'guess' + i, `10.1.0.${i}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
    expect((await attempt(app, 'admin', PASSWORDS.admin, '10.1.0.99')).statusCode).toBe(429);
    expect((await attempt(app, 'operator', PASSWORDS.operator, '10.1.0.99')).statusCode).toBe(200);
    // an unknown name is limited the same way, so the limit does not tell which names exist
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) unknown.push((await attempt(app, 'nobody', 'x', `10.2.0.${i}`)).statusCode);
    expect(unknown).toEqual([401, 401, 401, 429]);
  });
});
