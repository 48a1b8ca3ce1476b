import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dummyHashFor, parseUsers, UsersFileError } from '../src/auth/users.ts';
import { parseScryptHash } from '../src/auth/password.ts';
import { SessionSigner } from '../src/auth/session.ts';

describe('users file', () => {
  it('the shipped config/users.yaml is valid and its documented demo passwords work', async () => {
    const path = join(import.meta.dirname, '..', '..', 'config', 'users.yaml');
    const users = parseUsers(readFileSync(path, 'utf8'), path);
    expect(await users.signIn('operator', 'demo-operator')).toMatchObject({ user: 'operator', role: 'operator' });
    expect(await users.signIn('operator', 'demo-viewer')).toBeNull();
    expect(users.token('demo-metrics-token')).toMatchObject({ role: null, scopes: ['metrics'], kind: 'token' });
  });

  it('tokens carry scopes; a token written with a role is refused with what to write instead', () => {
    const old = 'tokens:\n  - { name: p, role: viewer, token_hash: ' + 'a'.repeat(64) + ' }\n';
    expect(() => parseUsers(old, 'u.yaml')).toThrow(
      /u\.yaml:2:\d+ at \/tokens\/0\/role: tokens have scopes, not a role/,
    );
    const bad = 'tokens:\n  - { name: p, scopes: [everything], token_hash: ' + 'a'.repeat(64) + ' }\n';
    expect(() => parseUsers(bad, 'u.yaml')).toThrow(/\/tokens\/0\/scopes/);
  });

  it("an unknown user name is checked against a hash with the users' scrypt cost, so timing tells nothing", () => {
    const path = join(import.meta.dirname, '..', '..', 'config', 'users.yaml');
    const text = readFileSync(path, 'utf8');
    const users = text.match(/scrypt\$[^\s]+/g)!;
    const dummy = parseScryptHash(dummyHashFor(users))!;
    const real = parseScryptHash(users[0]!)!;
    expect([dummy.N, dummy.r, dummy.p, dummy.salt.length, dummy.key.length]).toEqual([
      real.N,
      real.r,
      real.p,
      real.salt.length,
      real.key.length,
    ]);
    // with no users at all, the cost of new hashes
    expect(parseScryptHash(dummyHashFor([]))).toMatchObject({ N: 32768, r: 8, p: 1 });
  });

  it('a bad file names the file, the line and the problem', () => {
    const text = 'users:\n  - username: a\n    name: A\n    role: boss\n    password_hash: x\n';
    expect(() => parseUsers(text, 'users.yaml')).toThrow(UsersFileError);
    expect(() => parseUsers(text, 'users.yaml')).toThrow(/users\.yaml:4:\d+ at \/users\/0\/role/);
    const badHash = 'users:\n  - { username: a, name: A, role: admin, password_hash: plain }\n';
    expect(() => parseUsers(badHash, 'u.yaml')).toThrow(/password_hash: not a scrypt/);
    expect(() => parseUsers('users: [', 'u.yaml')).toThrow(/YAML syntax/);
  });

  it('session cookies: signed, expiring, tamper-evident', () => {
    const s = new SessionSigner('k'.repeat(32));
    const sid = 'abcdefghijklmnopqrstuvwx';
    const c = s.sign({ u: 'a', s: sid, e: 2_000 });
    expect(s.verify(c, 1_000)).toEqual({ u: 'a', s: sid, e: 2_000 });
    expect(s.verify(c, 2_000)).toBeNull();
    const forged =
      Buffer.from(JSON.stringify({ u: 'admin', s: sid, e: 2_000 })).toString('base64url') + c.slice(c.indexOf('.'));
    expect(s.verify(forged, 1_000)).toBeNull();
    expect(new SessionSigner('j'.repeat(32)).verify(c, 1_000)).toBeNull();
  });
});
