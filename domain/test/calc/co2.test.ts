import { describe, expect, it } from 'vitest';
import {
  co2RateKgPerH,
  heatCo2IntensityKgPerGj,
  heatCo2IntensityKgPerGjFromKwh,
  periodCo2,
  periodCo2Kg,
  pvAvoidedCo2Kg,
  renewableHeatShare,
} from '../../src/calc/co2.ts';
import { DEFAULT_FUELS } from '../../src/calc/fuels.ts';

describe('CO2', () => {
  it('DOMAIN §7 (003): 288.1 GWh of PV at 0.250 → 72.0 kt-CO2 avoided (72,025 t)', () => {
    const kg = pvAvoidedCo2Kg(288.1e6, 0.25);
    expect(kg / 1000).toBeCloseTo(72_025, 6);
    expect(Math.round((kg / 1e6) * 10) / 10).toBe(72.0);
  });

  it('DOMAIN §7 (004): 36,508 MWh at 0.457 → 16,684 t', () => {
    expect(Math.round(pvAvoidedCo2Kg(36_508e3, 0.457) / 1000)).toBe(16_684);
  });

  it('DOMAIN §7: live rate = Σ fuel_rate × factor + scope-2 kW × grid factor: 100 m³N/h gas + 200 kW at 0.441 → 311.2 kg/h', () => {
    const r = co2RateKgPerH({
      fuels: [{ fuel_rate_per_h: 100, spec: DEFAULT_FUELS.city_gas }],
      scope2_kw: 200,
      grid_factor_kg_per_kwh: 0.441,
    });
    expect(r).toBeCloseTo(223 + 88.2, 9);
  });

  it('DOMAIN §7: period CO2 = Σ fuel × factor + scope-2 kWh × grid factor; wood chips count 0', () => {
    const input = {
      fuels: [
        { amount: 1000, spec: DEFAULT_FUELS.kerosene },
        { amount: 5000, spec: DEFAULT_FUELS.wood_chips },
      ],
      scope2_kwh: 10_000,
      grid_factor_kg_per_kwh: 0.455,
    };
    expect(periodCo2(input)).toEqual({ fuel_co2_kg: 2490, electricity_co2_kg: 4550, total_co2_kg: 7040 });
    expect(periodCo2Kg(input)).toBe(7040);
  });

  it('DOMAIN §7: heat CO2 intensity kg/GJ = CO2 / heat GJ, no value when heat is 0', () => {
    expect(heatCo2IntensityKgPerGj(7040, 100)).toBeCloseTo(70.4, 12);
    expect(heatCo2IntensityKgPerGj(7040, 0)).toBeNull();
    expect(heatCo2IntensityKgPerGjFromKwh(36, 10_000)).toBeCloseTo(1, 12);
  });

  it('DOMAIN §7: renewable heat share = (biogenic heat + heat-pump heat − electricity) / all heat', () => {
    // 300 kWh from wood chips, heat pump 400 heat from 100 electricity → ambient 300; all heat 1,000
    expect(
      renewableHeatShare({
        total_heat_kwh: 1000,
        biogenic_heat_kwh: 300,
        heat_pumps: [{ heat_kwh: 400, electricity_kwh: 100 }],
      }),
    ).toBeCloseTo(0.6, 12);
    expect(renewableHeatShare({ total_heat_kwh: 0, biogenic_heat_kwh: 0, heat_pumps: [] })).toBeNull();
    expect(
      renewableHeatShare({
        total_heat_kwh: 100,
        biogenic_heat_kwh: 0,
        heat_pumps: [{ heat_kwh: 5, electricity_kwh: 10 }],
      }),
    ).toBe(0);
  });
});
