/** Remarks on the data of a period, in both languages (the report prints them in its own). */
import type { AssetFigures, FactorsUsed, PeriodNote, SiteFigures } from './schemas.ts';

export function periodNotes(totals: SiteFigures, assets: readonly AssetFigures[], factors: FactorsUsed): PeriodNote[] {
  const has_data = totals.received_samples > 0;
  const notes: PeriodNote[] = [];
  if (!has_data)
    notes.push({
      code: 'no_data',
      en: 'No data was stored for this site in this period: every figure is empty or zero.',
      ja: 'この期間、このサイトのデータは保存されていません。すべての数値は空欄または0です。',
    });
  for (const a of assets) {
    if (!has_data) break;
    if (a.received_samples === 0)
      notes.push({
        code: 'asset_no_data',
        asset: a.asset,
        en: `No data from ${a.name.en} in this period.`,
        ja: `この期間、${a.name.ja}のデータはありません。`,
      });
    else if (a.completeness !== null && a.completeness < 0.95) {
      const pct = (a.completeness * 100).toFixed(1);
      notes.push({
        code: 'asset_incomplete',
        asset: a.asset,
        en: `Data from ${a.name.en} is ${pct} % complete.`,
        ja: `${a.name.ja}のデータ取得率は${pct}%です。`,
      });
    }
    if (a.counter_resets > 0)
      notes.push({
        code: 'counter_reset',
        asset: a.asset,
        en: `A counter of ${a.name.en} dropped ${a.counter_resets} time(s) (reset or meter replacement); counted from zero after each drop.`,
        ja: `${a.name.ja}の積算値が${a.counter_resets}回減少しました（リセットまたはメーター交換）。減少後は0から積算しています。`,
      });
    if (a.energy_source === 'integrated')
      notes.push({
        code: 'integrated',
        asset: a.asset,
        en: `${a.name.en} has no energy counter: its energy is integrated from power.`,
        ja: `${a.name.ja}には積算計がないため、電力・熱出力から積算しています。`,
      });
    if ((a.heat_while_off_kwh ?? 0) > 0.5) {
      const kwh = a.heat_while_off_kwh!.toFixed(1);
      notes.push({
        code: 'heat_while_off',
        asset: a.asset,
        en: `${a.name.en} metered ${kwh} kWh of heat while the compressor was off (metering fault).`,
        ja: `${a.name.ja}は圧縮機停止中に${kwh} kWhの熱量を計測しました（計量の異常）。`,
      });
    }
  }
  if (has_data && totals.heat_delivered_source === 'generators')
    notes.push({
      code: 'no_heat_meter',
      en: 'No output heat meter data: heat delivered is the sum of the generators.',
      ja: '送出熱量計のデータがないため、供給熱量は熱源機の生産熱量の合計です。',
    });

  if (factors.grid_emission.length === 0)
    notes.push({
      code: 'no_grid_factor',
      en: 'No grid emission factor is in force for this period: grid CO2 is 0.',
      ja: 'この期間に適用される電力の排出係数がないため、電力由来のCO2は0です。',
    });
  return notes;
}
