import { describe, expect, it } from 'vitest';
import { m, reserve } from '../../../test/fixtures.ts';
import { figureState, reserveTotals, sortReserves } from './reserves.ts';

const T = Date.UTC(2026, 11, 3, 5);

function site(
  id: string,
  name: string,
  status: 'ok' | 'warning' | 'critical' | 'unknown',
  usable: number,
  heatH: number | null,
) {
  const r = reserve(id, T, status, usable);
  return { ...r, name: { ja: name, en: name }, heat_autonomy_h: m(heatH, 'h', T) };
}

describe('reserves table', () => {
  const list = [
    site('a', 'Alpha', 'ok', 1500, 30),
    site('b', 'Bravo', 'unknown', 900, null),
    site('c', 'Charlie', 'critical', 300, 4),
    site('d', 'Delta', 'warning', 1200, 20),
    site('e', 'Echo', 'ok', 800, 50),
  ];
  it('sorts status first: critical, warning, unknown, ok (then by name)', () => {
    expect(sortReserves(list).map((r) => r.site)).toEqual(['c', 'd', 'b', 'a', 'e']);
    expect(sortReserves(list, 'status', 'desc').map((r) => r.site)).toEqual(['a', 'e', 'b', 'd', 'c']);
  });
  it('sorts a quantity least first; sites without a value last either way', () => {
    expect(sortReserves(list, 'heat').map((r) => r.site)).toEqual(['c', 'd', 'a', 'e', 'b']);
    expect(sortReserves(list, 'heat', 'desc').map((r) => r.site)).toEqual(['e', 'a', 'd', 'c', 'b']);
    expect(sortReserves(list, 'water').map((r) => r.site)).toEqual(['c', 'e', 'b', 'd', 'a']);
    expect(sortReserves(list, 'site', 'desc').map((r) => r.site)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });
  it('none installed differs from unknown', () => {
    const r = reserve('x', T);
    expect(figureState(r, 'fuel')).toBe('none'); // no fuel tank
    expect(figureState({ ...r, usable_water_m3: m(null, 'm³', null) }, 'water')).toBe('unknown');
    expect(figureState(r, 'water')).toBe('value');
  });
  it('totals add water, person-days and kWh of the sites that have a value, and count the unknown ones', () => {
    const t = reserveTotals([
      reserve('a', T, 'ok', 1500),
      reserve('b', T - 5000, 'warning', 900),
      {
        ...reserve('c', T, 'unknown', 0),
        usable_water_m3: m(null, 'm³', null),
        person_days: m(null, 'person-days', null),
      },
    ]);
    expect(t.usable_water_m3).toEqual({ value: 2400, unknown: 1, measured_at: T - 5000 });
    expect(t.person_days.value).toBe(((1500 - 400) * 1000) / 20 + ((900 - 400) * 1000) / 20);
    expect(t.stored_heat_kwh.value).toBe(60000);
    expect(t.fuel_energy_kwh).toEqual({ value: null, unknown: 0, measured_at: null }); // none installed anywhere
    expect(t.status).toEqual({ critical: 0, warning: 1, unknown: 1, ok: 1 });
  });
});
