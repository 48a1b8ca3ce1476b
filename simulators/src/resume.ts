/**
 * Meter readings to resume from: a real device keeps its counters across restarts, so a simulator started beside a
 * running system continues each counter (`*_kwh`, `fuel_total`) from the last normalised state that ingest
 * retained on `ems/v1/{site}/{asset}/state` — otherwise the restart would look like a meter reset.
 */
import { connectAsync } from 'mqtt';
import { METRICS, parseStatePayload, parseTopic, subscriptionFilter } from '@ems/domain';
import type { Simulation } from './simulation.ts';

export interface ResumeOptions {
  url: string;
  username?: string;
  password?: string;
  /** Stop waiting for retained states after this long (default 3 s). */
  timeoutMs?: number;
}

/** Reads the retained states and sets every simulated counter that has a reading; returns how many were set. */
export async function resumeCounters(simulation: Simulation, opts: ResumeOptions): Promise<number> {
  const client = await connectAsync(opts.url, {
    clientId: `sim-resume-${Math.random().toString(16).slice(2, 10)}`,
    clean: true,
    reconnectPeriod: 0,
    protocolVersion: 4,
    ...(opts.username ? { username: opts.username } : {}),
    ...(opts.password ? { password: opts.password } : {}),
  });
  let applied = 0;
  let lastMessage = Date.now();
  client.on('message', (topic, payload) => {
    lastMessage = Date.now();
    const address = parseTopic(topic);
    const state = parseStatePayload(payload.toString());
    if (!address.ok || !state) return;
    const device = simulation.plant(address.address.site)?.devices.get(address.address.asset) as
      (Record<string, unknown> & { asset: { type: keyof typeof METRICS } }) | undefined;
    if (!device) return;
    for (const [name, spec] of Object.entries(METRICS[device.asset.type])) {
      const reading = state.values[name];
      if (spec.kind === 'counter' && typeof reading === 'number' && typeof device[name] === 'number') {
        device[name] = reading;
        applied++;
      }
    }
  });
  try {
    await client.subscribeAsync(subscriptionFilter('state'), { qos: 0 });
    const deadline = Date.now() + (opts.timeoutMs ?? 3000);
    // retained messages arrive right after the subscription; stop once they have stopped coming
    while (Date.now() < deadline && Date.now() - lastMessage < 700) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await client.endAsync();
  }
  return applied;
}
