/**
 * Scenarios, selectable and combinable: normal, cold-snap, grid-outage, sensor-faults, malformed, disconnect.
 * Each has options with defaults; times are relative to the simulation's start unless given as instants.
 */
export const SCENARIO_NAMES = [
  'normal',
  'cold-snap',
  'grid-outage',
  'sensor-faults',
  'malformed',
  'disconnect',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export interface ScenarioConfig {
  names: ReadonlySet<ScenarioName>;
  coldSnap: {
    /** Added to the outdoor temperature, K. */
    offset_c: number;
  };
  gridOutage: {
    /** Start of the outage after the simulation start, ms (default 0: from the start). */
    start_after_ms: number;
    /** Length of the outage, ms. */
    duration_ms: number;
    /** Water drawn from each storage tank for fire fighting, m³/h. */
    fire_draw_m3h: number;
    /** Fire fighting starts this long after the outage began, ms. */
    fire_start_after_ms: number;
    /** and lasts this long, ms. */
    fire_duration_ms: number;
  };
  sensorFaults: {
    /** Chance per published sample that a fault starts on a random metric of a random asset. */
    probability: number;
    /** Share of faults that are counter resets (the rest: stuck, spike, dropout, flipped sign). */
    reset_share: number;
  };
  malformed: {
    /** Share of telemetry messages replaced by a malformed payload. */
    rate: number;
  };
  disconnect: {
    /** A device drops off this long after the previous one came back, ms. */
    every_ms: number;
    /** and stays away this long, ms. */
    duration_ms: number;
    /** `site/asset` of the device that drops off; default a random one each time. */
    asset?: string;
    /** Share of disconnects that are a crash (the MQTT will fires) rather than a clean `offline`. */
    crash_share: number;
  };
}

export type ScenarioOverrides = {
  [K in Exclude<keyof ScenarioConfig, 'names'>]?: Partial<ScenarioConfig[K]>;
};

export const DEFAULT_SCENARIO_OPTIONS: Omit<ScenarioConfig, 'names'> = {
  coldSnap: { offset_c: -8 },
  gridOutage: {
    start_after_ms: 0,
    duration_ms: 24 * HOUR_MS,
    fire_draw_m3h: 60,
    fire_start_after_ms: 1 * HOUR_MS,
    fire_duration_ms: 3 * HOUR_MS,
  },
  sensorFaults: { probability: 0.002, reset_share: 0.15 },
  malformed: { rate: 0.02 },
  disconnect: { every_ms: 30 * MINUTE_MS, duration_ms: 5 * MINUTE_MS, crash_share: 0.5 },
};

/** Parses `grid-outage,sensor-faults` (or a list); throws on an unknown name. */
export function parseScenarioNames(input: string | readonly string[] | undefined): ScenarioName[] {
  const parts = (typeof input === 'string' ? input.split(',') : (input ?? []))
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return ['normal'];
  for (const p of parts)
    if (!(SCENARIO_NAMES as readonly string[]).includes(p))
      throw new RangeError(`unknown scenario "${p}"; choose from ${SCENARIO_NAMES.join(', ')}`);
  return [...new Set(parts as ScenarioName[])];
}

export function scenarioConfig(
  names: string | readonly string[] | undefined = 'normal',
  overrides: ScenarioOverrides = {},
): ScenarioConfig {
  const d = DEFAULT_SCENARIO_OPTIONS;
  return {
    names: new Set(parseScenarioNames(names)),
    coldSnap: { ...d.coldSnap, ...overrides.coldSnap },
    gridOutage: { ...d.gridOutage, ...overrides.gridOutage },
    sensorFaults: { ...d.sensorFaults, ...overrides.sensorFaults },
    malformed: { ...d.malformed, ...overrides.malformed },
    disconnect: { ...d.disconnect, ...overrides.disconnect },
  };
}

/** What the scenarios impose on the physics at an instant. */
export interface ScenarioState {
  temp_offset_c: number;
  /** Grid electricity missing. */
  outage: boolean;
  /** Fire-fighting draw from every storage tank, m³/h. */
  fire_draw_m3h: number;
  /** Fuel deliveries and tank make-up water run normally. */
  supplies: boolean;
}

export function scenarioState(cfg: ScenarioConfig, start_ms: number, ts_ms: number): ScenarioState {
  const t = ts_ms - start_ms;
  const o = cfg.gridOutage;
  const outage = cfg.names.has('grid-outage') && t >= o.start_after_ms && t < o.start_after_ms + o.duration_ms;
  const fireFrom = o.start_after_ms + o.fire_start_after_ms;
  const fire = outage && t >= fireFrom && t < fireFrom + o.fire_duration_ms;
  return {
    temp_offset_c: cfg.names.has('cold-snap') ? cfg.coldSnap.offset_c : 0,
    outage,
    fire_draw_m3h: fire ? o.fire_draw_m3h : 0,
    supplies: !outage,
  };
}
