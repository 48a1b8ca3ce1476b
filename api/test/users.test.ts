import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseUsers, UsersFileError } from '../src/auth/users.ts';
import { SessionSigner } from '../src/auth/session.ts';

describe('users file', () => {
  it('the shipped config/users.yaml is valid and its documented demo passwords work', async () => {
    const path = join(import.meta.dirname, '..', '..', 'config', 'users.yaml');
    const users = parseUsers(readFileSync(path, 'utf8'), path);
    expect(await users.signIn('operator', 'demo-operator')).toMatchObject({ user: 'operator', role: 'operator' });
    expect(await users.signIn('operator', 'demo-viewer')).toBeNull();
    expect(users.token('demo-metrics-token')).toMatchObject({ role: 'viewer' });
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
    const c = s.sign({ u: 'a', r: 'viewer', e: 2_000 });
    expect(s.verify(c, 1_000)).toEqual({ u: 'a', r: 'viewer', e: 2_000 });
    expect(s.verify(c, 2_000)).toBeNull();
    const forged =
      Buffer.from(JSON.stringify({ u: 'a', r: 'admin', e: 2_000 })).toString('base64url') + c.slice(c.indexOf('.'));
    expect(s.verify(forged, 1_000)).toBeNull();
    expect(new SessionSigner('j'.repeat(32)).verify(c, 1_000)).toBeNull();
  });
});
