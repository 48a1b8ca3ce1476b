import { readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { hashToken, isScryptHash, verifyPassword } from './password.ts';

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));

export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

const UsersFileSchema = Type.Object(
  {
    users: Type.Array(
      Type.Object(
        {
          username: Type.String({ pattern: '^[a-zA-Z0-9._-]{1,64}$' }),
          name: Type.String({ minLength: 1 }),
          role: RoleSchema,
          password_hash: Type.String({ description: 'scrypt$N$r$p$salt$hash (npm run -w api hash-password)' }),
        },
        { additionalProperties: false },
      ),
      { default: [] },
    ),
    tokens: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1 }),
          role: RoleSchema,
          token_hash: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'sha256 hex of the token' }),
        },
        { additionalProperties: false },
      ),
      { default: [] },
    ),
  },
  { additionalProperties: false },
);
type UsersFile = Static<typeof UsersFileSchema>;

export interface Principal {
  /** Username, or `token:<name>` for an API token. */
  user: string;
  name: string;
  role: Role;
  kind: 'session' | 'token';
}

export class UsersFileError extends Error {
  override name = 'UsersFileError';
}

// A fixed hash to compare against when the user is unknown, so that timing does not reveal which users exist.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export class UserStore {
  private readonly users = new Map<string, UsersFile['users'][number]>();
  private readonly tokens: { hash: Buffer; name: string; role: Role }[];

  constructor(file: UsersFile) {
    for (const u of file.users) this.users.set(u.username, u);
    this.tokens = file.tokens.map((t) => ({ hash: Buffer.from(t.token_hash, 'hex'), name: t.name, role: t.role }));
  }

  static empty(): UserStore {
    return new UserStore({ users: [], tokens: [] });
  }

  async signIn(username: string, password: string): Promise<Principal | null> {
    const u = this.users.get(username);
    const ok = await verifyPassword(password, u?.password_hash ?? DUMMY_HASH);
    return u && ok ? { user: u.username, name: u.name, role: u.role, kind: 'session' } : null;
  }

  /** The user behind a session, as the users file says now (a removed user's cookie stops working). */
  user(username: string): Principal | null {
    const u = this.users.get(username);
    return u ? { user: u.username, name: u.name, role: u.role, kind: 'session' } : null;
  }

  token(token: string): Principal | null {
    if (!token || token.length > 512) return null;
    const h = Buffer.from(hashToken(token), 'hex');
    let found: Principal | null = null;
    for (const t of this.tokens)
      if (timingSafeEqual(h, t.hash)) found = { user: `token:${t.name}`, name: t.name, role: t.role, kind: 'token' };
    return found;
  }
}

/** Parses and validates a users file; problems name the file, the line and what is wrong. */
export function parseUsers(text: string, source: string): UserStore {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const where = (path: string): string => {
    let node: unknown = doc.contents;
    for (const key of path.split('/').slice(1)) {
      const k = /^\d+$/.test(key) ? Number(key) : key;
      const next: unknown = isMap(node) ? node.get(k, true) : isSeq(node) ? node.get(k as number, true) : undefined;
      if (next === undefined || next === null) break;
      node = next;
    }
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (!range) return source;
    const pos = lines.linePos(range[0]);
    return `${source}:${pos.line}:${pos.col}`;
  };
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    throw new UsersFileError(
      `Invalid users file ${source}${pos ? `:${pos.line}:${pos.col}` : ''}: YAML syntax: ${e.message.split('\n')[0]}`,
    );
  }
  const raw: unknown = doc.toJS() ?? {};
  const value = Value.Default(UsersFileSchema, raw);
  const problems: string[] = [];
  if (!Value.Check(UsersFileSchema, value)) {
    const seen = new Set<string>();
    for (const e of Value.Errors(UsersFileSchema, value)) {
      if (seen.has(e.path)) continue;
      seen.add(e.path);
      const hint = e.schema.description ? ` (${e.schema.description})` : '';
      problems.push(
        `${where(e.path)} at ${e.path || '/'}: ${e.value === undefined ? 'is required' : e.message}${hint}`,
      );
    }
  } else {
    const file = value as UsersFile;
    const names = new Set<string>();
    file.users.forEach((u, i) => {
      if (names.has(u.username))
        problems.push(`${where(`/users/${i}/username`)} at /users/${i}/username: "${u.username}" is listed twice`);
      names.add(u.username);
      if (!isScryptHash(u.password_hash))
        problems.push(
          `${where(`/users/${i}/password_hash`)} at /users/${i}/password_hash: not a scrypt$N$r$p$salt$hash value (make one with npm run -w api hash-password)`,
        );
    });
  }
  if (problems.length) throw new UsersFileError(`Invalid users file ${source}:\n  ${problems.join('\n  ')}`);
  return new UserStore(value as UsersFile);
}

export function loadUsers(path: string): UserStore {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsersFileError(
      `Cannot read the users file ${path}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}. Set EMS_USERS.`,
    );
  }
  return parseUsers(text, path);
}
