/** @ems/simulators: physics-based stand-ins for every asset type, scenarios and fault injection (DESIGN §7). */
export { createSimulation, intervalStepMs, MAX_BATCH, selectAssets } from './simulation.ts';
export type { Simulation, SimulationOptions, SimMessage, AssetKey, TelemetrySampleOut } from './simulation.ts';
export { runSimulator, formatProgress } from './runner.ts';
export type { RunnerOptions, RunningSimulator, RunStats, Progress } from './runner.ts';
export {
  planClock,
  Pacer,
  parseDurationMs,
  parseTimeMs,
  TIME_MODES,
  DEFAULT_ACCELERATED_LOOKBACK_MS,
} from './clock.ts';
export type { TimeMode, ClockPlan, ClockOptions } from './clock.ts';
export {
  SCENARIO_NAMES,
  DEFAULT_SCENARIO_OPTIONS,
  parseScenarioNames,
  scenarioConfig,
  scenarioState,
} from './scenarios.ts';
export type { ScenarioName, ScenarioConfig, ScenarioOverrides, ScenarioState } from './scenarios.ts';
export { MALFORMED_KINDS, SENSOR_FAULT_KINDS } from './faults.ts';
export type { MalformedKind, SensorFaultKind, FaultEvent } from './faults.ts';
export { MqttFleet, clientIdFor, fillTemplate } from './mqtt.ts';
export type { FleetOptions } from './mqtt.ts';
export { Plant } from './plant.ts';
export type { PlantSnapshot } from './plant.ts';
export { Rng, ArNoise, deriveSeed } from './random.ts';
export { Weather, climateFor } from './weather.ts';
export type { WeatherSample, Climate } from './weather.ts';
export * as solar from './solar.ts';
export { DEVICE_TYPES, createDevice } from './devices/index.ts';
export * from './devices/index.ts';
