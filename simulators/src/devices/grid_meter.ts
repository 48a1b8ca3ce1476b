/** Grid connection meter: import and export from the site's electric balance; zero in a grid outage. */
import type { AssetOf } from '@ems/domain';
import { kwhOf, round, type Device, type DeviceContext, type MetricValues } from './types.ts';
import type { GridMeter } from './capabilities.ts';

export class GridMeterDevice implements Device<AssetOf<'grid_meter'>>, GridMeter {
  import_kw = 0;
  export_kw = 0;
  import_kwh: number;
  export_kwh: number;

  constructor(
    readonly asset: AssetOf<'grid_meter'>,
    ctx: DeviceContext,
  ) {
    this.import_kwh = round(ctx.rng.uniform(0.5, 5) * (asset.contract_kw ?? 200) * 1000, 0);
    this.export_kwh = round(this.import_kwh * ctx.rng.uniform(0.01, 0.05), 0);
  }

  /** Net site demand in kW (positive: import) for dtMs; `grid` false: no supply, nothing flows. */
  meterGrid(net_kw: number, grid: boolean, dtMs: number): void {
    this.import_kw = grid ? Math.max(0, net_kw) : 0;
    this.export_kw = grid ? Math.max(0, -net_kw) : 0;
    this.import_kwh += kwhOf(this.import_kw, dtMs);
    this.export_kwh += kwhOf(this.export_kw, dtMs);
  }

  values(): MetricValues {
    return {
      import_kw: round(this.import_kw),
      export_kw: round(this.export_kw),
      import_kwh: round(this.import_kwh),
      export_kwh: round(this.export_kwh),
    };
  }
}
