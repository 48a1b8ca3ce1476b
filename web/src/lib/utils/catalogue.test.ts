import { describe, expect, it } from 'vitest';
import { catalogueFixture } from '../../../test/fixtures.ts';
import { CatalogueView, emptyCatalogue, indexCatalogue } from './catalogue.ts';

const ja = new CatalogueView(indexCatalogue(catalogueFixture()), 'ja');
const en = new CatalogueView(indexCatalogue(catalogueFixture()), 'en');

describe('catalogue view', () => {
  it('names types, metrics, parameters and fuels in the language, ids when it does not know them', () => {
    expect(ja.typeName('boiler')).toBe('ボイラ');
    expect(en.typeName('boiler')).toBe('Boiler');
    expect(en.typeName('windmill')).toBe('windmill');
    expect(ja.fieldLabel('boiler', 'heat_kw')).toBe('熱出力');
    expect(en.fieldLabel('boiler', 'nonsense')).toBe('nonsense');
    expect(en.paramLabel('boiler', 'fuel')).toBe('Fuel');
    expect(ja.fuelName('kerosene')).toBe('灯油');
    expect(en.fuelName('hydrogen')).toBe('hydrogen');
    expect(en.icon('battery')).toBe('battery');
    expect(en.icon('windmill')).toBe('');
  });

  it('answers traits, reserve, flows, key metrics, history defaults and ratios', () => {
    expect(en.has('boiler', 'produces_heat')).toBe(true);
    expect(en.has('pv', 'produces_heat')).toBe(false);
    expect(en.has('windmill', 'produces_heat')).toBe(false);
    expect(en.reserve('battery')).toBe('electricity');
    expect(en.reserve('boiler')).toBeNull();
    expect(en.flowRate('boiler', 'heat')).toBe('heat_kw');
    expect(en.flowRate('boiler', 'electricity_out')).toBeNull();
    expect(en.keyMetrics('boiler')).toEqual(['heat_kw', 'fuel_rate', 'thermal_efficiency', 'running']);
    expect(en.keyMetrics('windmill')).toEqual([]);
    expect(en.historyDefaults('battery')).toEqual(['soc_pct', 'power_kw']);
    expect(en.isRatio('boiler', 'thermal_efficiency')).toBe(true);
    expect(en.isRatio('boiler', 'heat_kw')).toBe(false);
    expect(en.isFlag('boiler', 'running')).toBe(true);
  });

  it('completes fuel units from the fuel the asset burns', () => {
    expect(en.metricUnit('boiler', 'fuel_rate', '/h', 'city_gas')).toBe('m³N/h');
    expect(en.metricUnit('boiler', 'fuel_rate', undefined, 'kerosene')).toBe('L/h');
    expect(en.metricUnit('boiler', 'fuel_total', '', 'kerosene')).toBe('L');
    expect(en.metricUnit('boiler', 'heat_kw', 'kW', 'kerosene')).toBe('kW');
    expect(en.metricUnit('boiler', 'fuel_rate', '/h', undefined)).toBe('/h');
    expect(en.metricUnit('boiler', 'fuel_rate', '/h', 'hydrogen')).toBe('/h');
  });

  it('says what a sign means and which way energy moves', () => {
    expect(ja.signText('battery', 'power_kw', 12)).toBe('充電');
    expect(en.signText('battery', 'power_kw', -3)).toBe('discharging');
    expect(en.signText('battery', 'power_kw', 0)).toBeNull();
    expect(en.signText('battery', 'soc_pct', 50)).toBeNull();
    expect(en.flowsIn('battery', 'power_kw', 12)).toBe(true);
    expect(en.flowsIn('battery', 'power_kw', -12)).toBe(false);
    expect(en.flowsIn('battery', 'power_kw', null)).toBeNull();
    expect(en.flowsIn('boiler', 'heat_kw', 12)).toBeNull();
  });

  it('states a sign convention in the language', () => {
    expect(ja.signConvention('battery', 'power_kw')).toBe('＋充電／－放電');
    expect(en.signConvention('battery', 'power_kw')).toBe('+ charging / − discharging');
    expect(en.signConvention('battery', 'soc_pct')).toBeNull();
    expect(en.signedMetrics('battery')).toEqual(['power_kw']);
    expect(en.signedMetrics('boiler')).toEqual([]);
  });

  it('is empty before it has loaded', () => {
    const none = new CatalogueView(emptyCatalogue(), 'ja');
    expect(none.typeName('boiler')).toBe('boiler');
    expect(none.keyMetrics('boiler')).toEqual([]);
    expect(none.has('boiler', 'produces_heat')).toBe(false);
  });
});
