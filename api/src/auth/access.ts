/**
 * What a request may do. A user's role grants scopes (viewer: read; operator: read, operate; admin: every scope);
 * an API token carries its scopes itself. Every route declares the access it needs in its own options.
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = ['read', 'operate', 'metrics'] as const;
export type Scope = (typeof SCOPES)[number];

/** What a route needs: nothing (`public`) or one scope. */
export type Access = 'public' | Scope;

const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  viewer: ['read'],
  operator: ['read', 'operate'],
  admin: ['read', 'operate', 'metrics'],
};

/** The lowest role that holds a scope, for messages to people. */
const SCOPE_ROLE: Record<Scope, Role> = { read: 'viewer', operate: 'operator', metrics: 'admin' };

export function scopesOfRole(role: Role): readonly Scope[] {
  return ROLE_SCOPES[role];
}

export function isAccess(value: unknown): value is Access {
  return value === 'public' || (SCOPES as readonly unknown[]).includes(value);
}

export interface Principal {
  /** User name, or `token:<name>` for an API token. */
  user: string;
  name: string;
  /** A user's role; null for an API token (it has scopes only). */
  role: Role | null;
  scopes: readonly Scope[];
  kind: 'session' | 'token';
  /** Session id (sessions only): what sign-out revokes. */
  sid?: string;
  /** When the session ends, UTC ms (sessions only). */
  expires_ms?: number;
}

export function allows(principal: Principal, scope: Scope): boolean {
  return principal.scopes.includes(scope);
}

/** A sentence for a 403: what the route needs and what the caller has. */
export function forbiddenMessage(principal: Principal, scope: Scope): string {
  if (principal.kind === 'token')
    return `This API token may not do this: it needs the "${scope}" scope and has ${principal.scopes.map((s) => `"${s}"`).join(', ') || 'none'}.`;
  return `This needs the ${SCOPE_ROLE[scope]} role or higher; you are signed in as ${principal.user} with the ${principal.role} role.`;
}
