import { Type, type Static } from '@sinclair/typebox';

export const Role = Type.Union([Type.Literal('viewer'), Type.Literal('operator'), Type.Literal('admin')], {
  $id: 'Role',
});

export const Scope = Type.Union([Type.Literal('read'), Type.Literal('operate'), Type.Literal('metrics')], {
  $id: 'Scope',
  description: 'read: live, history, reports, socket; operate: acknowledge alarms; metrics: /metrics',
});

export const SignInBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64, description: 'the user name from the users file' }),
    password: Type.String({ minLength: 1, maxLength: 256, description: 'the password' }),
  },
  { additionalProperties: false },
);
export type SignInBody = Static<typeof SignInBody>;

export const Me = Type.Object(
  {
    user: Type.String(),
    name: Type.String(),
    /** A user's role; null for an API token. */
    role: Type.Union([Type.Ref(Role), Type.Null()]),
    scopes: Type.Array(Type.Ref(Scope)),
    kind: Type.Union([Type.Literal('session'), Type.Literal('token')]),
    /** When the session ends, UTC ms (sessions only). */
    expires_ms: Type.Optional(Type.Integer()),
  },
  { $id: 'Me' },
);
export type Me = Static<typeof Me>;

export const SignedOut = Type.Object({ signed_out: Type.Literal(true) });
