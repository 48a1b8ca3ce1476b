import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt parameters of new hashes: N=2^15, r=8, p=1 (≈ 32 MiB, ~50–100 ms). */
export const SCRYPT_DEFAULTS = { N: 32768, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const HASH_RE = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=_-]+)\$([A-Za-z0-9+/=_-]+)$/;

function scryptAsync(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const maxmem = (N: number, r: number) => 128 * N * r * 2 + 1024 * 1024;

/** `scrypt$N$r$p$salt$hash` with base64 salt and hash. */
export async function hashPassword(
  password: string,
  params: { N: number; r: number; p: number } = SCRYPT_DEFAULTS,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LENGTH, { ...params, maxmem: maxmem(params.N, params.r) });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Whether the text is a well-formed scrypt hash (for validating the users file). */
export function isScryptHash(text: string): boolean {
  const m = HASH_RE.exec(text);
  if (!m) return false;
  const N = Number(m[1]);
  return N >= 2 && (N & (N - 1)) === 0 && Number(m[2]) > 0 && Number(m[3]) > 0;
}

export interface ScryptHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

export function parseScryptHash(stored: string): ScryptHash | null {
  const m = HASH_RE.exec(stored);
  if (!m) return null;
  return {
    N: Number(m[1]),
    r: Number(m[2]),
    p: Number(m[3]),
    salt: Buffer.from(m[4]!, 'base64'),
    key: Buffer.from(m[5]!, 'base64'),
  };
}

/** Constant-time comparison of a password with a stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parseScryptHash(stored);
  if (!h) return false;
  const key = await scryptAsync(password, h.salt, h.key.length, { N: h.N, r: h.r, p: h.p, maxmem: maxmem(h.N, h.r) });
  return key.length === h.key.length && timingSafeEqual(key, h.key);
}

/** sha256 hex of an API token, as stored in the users file. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
