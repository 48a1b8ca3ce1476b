import { parseLocatedYaml, placeIn } from '@ems/domain';
import { ConfigFileError, readConfigFile } from '@ems/runtime';
import { timingSafeEqual } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ROLES, SCOPES, scopesOfRole, type Principal, type Scope } from './access.ts';
import { hashToken, isScryptHash, parseScryptHash, verifyPassword } from './password.ts';

export type { Principal, Role } from './access.ts';
export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
const ScopeSchema = Type.Union(SCOPES.map((s) => Type.Literal(s)));

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
          scopes: Type.Array(ScopeSchema, {
            minItems: 1,
            uniqueItems: true,
            description:
              'what the token may do: read (live, history, reports, socket), operate (acknowledge alarms), metrics (/metrics only)',
          }),
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

export class UsersFileError extends Error {
  override name = 'UsersFileError';
}

/**
 * A hash to verify against when the user is unknown, with the scrypt parameters and key length most users have,
 * so that an unknown name costs the same time as a known one and timing does not reveal which users exist.
 */
export function dummyHashFor(hashes: readonly string[]): string {
  const tally = new Map<string, number>();
  for (const h of hashes) {
    const p = parseScryptHash(h);
    if (!p) continue;
    const key = `${p.N}$${p.r}$${p.p}$${p.salt.length}$${p.key.length}`;
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  const common = [...tally].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '32768$8$1$16$32';
  const [N, r, p, saltBytes, keyBytes] = common.split('$').map(Number) as [number, number, number, number, number];
  const zeros = (n: number) => Buffer.alloc(n).toString('base64');
  return `scrypt$${N}$${r}$${p}$${zeros(saltBytes)}$${zeros(keyBytes)}`;
}

const userPrincipal = (u: UsersFile['users'][number]): Principal => ({
  user: u.username,
  name: u.name,
  role: u.role,
  scopes: scopesOfRole(u.role),
  kind: 'session',
});

export class UserStore {
  private readonly users = new Map<string, UsersFile['users'][number]>();
  private readonly tokens: { hash: Buffer; name: string; scopes: readonly Scope[] }[];
  private readonly dummyHash: string;

  constructor(file: UsersFile) {
    for (const u of file.users) this.users.set(u.username, u);
    this.tokens = file.tokens.map((t) => ({
      hash: Buffer.from(t.token_hash, 'hex'),
      name: t.name,
      scopes: t.scopes,
    }));
    this.dummyHash = dummyHashFor(file.users.map((u) => u.password_hash));
  }

  static empty(): UserStore {
    return new UserStore({ users: [], tokens: [] });
  }

  /** Verifies a password; the same work is done whether or not the user exists. */
  async signIn(username: string, password: string): Promise<Principal | null> {
    const u = this.users.get(username);
    const ok = await verifyPassword(password, u?.password_hash ?? this.dummyHash);
    return u && ok ? userPrincipal(u) : null;
  }

  /** The user behind a session, as the users file says now (a removed user's cookie stops working). */
  user(username: string): Principal | null {
    const u = this.users.get(username);
    return u ? userPrincipal(u) : null;
  }

  token(token: string): Principal | null {
    if (!token || token.length > 512) return null;
    const h = Buffer.from(hashToken(token), 'hex');
    let found: Principal | null = null;
    for (const t of this.tokens)
      if (timingSafeEqual(h, t.hash))
        found = { user: `token:${t.name}`, name: t.name, role: null, scopes: t.scopes, kind: 'token' };
    return found;
  }
}

/** Parses and validates a users file; problems name the file, the line and what is wrong. */
export function parseUsers(text: string, source: string): UserStore {
  const yaml = parseLocatedYaml(text);
  const where = (path: string): string => placeIn(source, yaml.locate(path));
  if (yaml.syntaxErrors.length) {
    const e = yaml.syntaxErrors[0]!;
    throw new UsersFileError(`Invalid users file ${placeIn(source, e)}: ${e.message}`);
  }
  const raw: unknown = yaml.value ?? {};
  const value = Value.Default(UsersFileSchema, raw);
  const problems: string[] = [];
  if (!Value.Check(UsersFileSchema, value)) {
    const seen = new Set<string>();
    for (const e of Value.Errors(UsersFileSchema, value)) {
      if (seen.has(e.path)) continue;
      if (/^\/tokens\/\d+\/role$/.test(e.path)) {
        seen.add(e.path);
        problems.push(
          `${where(e.path)} at ${e.path}: tokens have scopes, not a role: write e.g. "scopes: [metrics]" (Prometheus), "scopes: [read]" or "scopes: [read, operate]"`,
        );
        continue;
      }
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
  try {
    return parseUsers(readConfigFile(path, 'the users file', 'Set EMS_USERS.'), path);
  } catch (e) {
    if (e instanceof ConfigFileError) throw new UsersFileError(e.message);
    throw e;
  }
}
