import { EventEmitter } from 'node:events';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { SESSION_ID_PATTERN } from '@ems/domain';

/** A revoked session as shared between API processes (retained MQTT message, see live/mqtt-source.ts). */
export const RevocationMessage = Type.Object({
  sid: Type.String({ pattern: SESSION_ID_PATTERN }),
  /** When the session would have ended anyway, UTC ms: the record can be forgotten then. */
  expires_ms: Type.Integer({ minimum: 0 }),
});
const checkMessage = TypeCompiler.Compile(RevocationMessage);

export interface RevocationEvents {
  /** A session was revoked here or in another API process. */
  revoked: [sid: string];
  /** A session was revoked by this process: share it with the others. */
  local: [sid: string, expires_ms: number];
}

const MAX_ENTRIES = 100_000;

/**
 * Sessions ended before their expiry (sign-out). Checked on every request and socket; kept until the session
 * would have expired anyway. Every API process learns revocations from the others through the broker.
 */
export class SessionRevocations extends EventEmitter<RevocationEvents> {
  private readonly revoked = new Map<string, number>();

  constructor(private readonly clock: () => number = Date.now) {
    super();
  }

  isRevoked(sid: string): boolean {
    return this.revoked.has(sid);
  }

  /** Revokes a session of this process and announces it. */
  revoke(sid: string, expires_ms: number): void {
    if (this.add(sid, expires_ms)) this.emit('local', sid, expires_ms);
  }

  /** Takes in a revocation shared by an API process: whether it is in force, over, or not a revocation at all. */
  applyMessage(text: string): 'in_force' | 'expired' | 'invalid' {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return 'invalid';
    }
    if (!checkMessage.Check(value)) return 'invalid';
    if (value.expires_ms <= this.clock()) return 'expired';
    this.add(value.sid, value.expires_ms);
    return 'in_force';
  }

  get size(): number {
    return this.revoked.size;
  }

  private add(sid: string, expires_ms: number): boolean {
    const now = this.clock();
    if (expires_ms <= now) return false; // the session has ended by itself
    const known = this.revoked.has(sid);
    this.revoked.set(sid, expires_ms);
    if (this.revoked.size > MAX_ENTRIES) this.prune(now);
    if (!known) this.emit('revoked', sid);
    return !known;
  }

  /** Forgets revocations of sessions that have expired anyway. */
  prune(now = this.clock()): void {
    for (const [sid, exp] of this.revoked) if (exp <= now) this.revoked.delete(sid);
  }
}
