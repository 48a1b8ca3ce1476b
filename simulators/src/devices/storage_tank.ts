/**
 * Stratified water heat-storage tank with three layers (bottom, middle, top). Charging pushes hot supply water in
 * at the top and takes cold water out at the bottom; discharging does the reverse; fire-fighting water is drawn
 * at the bottom; make-up water refills it. Heat is conserved exactly: every layer holds its heat content
 * ρ·V·(h(T) − h(0 °C)) (computed by @ems/domain's layerStoredHeatKwh), and the books record heat in, heat out
 * and losses, so heat in − heat out − losses = Δ stored heat.
 */
import type { AssetOf } from '@ems/domain';
import { heatFactor as heatFactorKwPerM3hK, storedHeatPerM3 } from '../water-heat.ts';
import { HOUR_MS, clamp, round, type Device, type DeviceContext, type MetricValues } from './types.ts';
import type { HeatStore, NetworkConditions, WaterReserve } from './capabilities.ts';

export const TANK_LAYERS = 3;
/** Normal operating level as a share of the tank height. */
export const TANK_NOMINAL_LEVEL = 0.95;
/** Heat transmission of the insulated shell, W/(m²·K). */
const SHELL_U_W_M2K = 0.25;
/** Effective conductivity between layers (water plus mixing at the thermocline), W/(m·K). */
const INTERLAYER_K_W_MK = 2.0;
const MAKEUP_WATER_C = 15;
/** Mains make-up water, m³/h. */
const MAKEUP_M3H = 20;
/** State of charge it charges towards with the grid there, and in an outage (it keeps little back then). */
const TANK_TARGET_SOC = { grid: 0.6, outage: 0.1 } as const;
/** It aims to reach its target state of charge over this many hours. */
const CHARGE_HORIZON_H = 4;

const heatAbove0 = storedHeatPerM3(0);

/** Heat content of water relative to 0 °C, kWh (layerStoredHeatKwh of @ems/domain, tabulated). */
export function waterHeatKwh(volume_m3: number, temp_c: number): number {
  return volume_m3 * heatAbove0(temp_c);
}

/** Temperature at which volume_m3 holds heat_kwh (Newton on ρ·c_p), starting from a guess. */
export function tempForHeat(volume_m3: number, heat_kwh: number, guess_c: number): number {
  if (volume_m3 <= 0) return guess_c;
  let t = clamp(guess_c, 0.5, 150);
  for (let i = 0; i < 6; i++) {
    const f = waterHeatKwh(volume_m3, t) - heat_kwh;
    const slope = heatFactorKwPerM3hK(t) * volume_m3;
    const next = clamp(t - f / slope, 0.5, 150);
    if (Math.abs(next - t) < 1e-7) return next;
    t = next;
  }
  return t;
}

export interface TankBooks {
  /** Heat brought in: charging (net of the cold water leaving) and make-up water, kWh. */
  heat_in_kwh: number;
  /** Heat taken out: discharging (net of the return water entering) and drawn water, kWh. */
  heat_out_kwh: number;
  /** Heat lost through the shell, kWh. */
  loss_kwh: number;
}

export class StorageTankDevice implements Device<AssetOf<'storage_tank'>>, HeatStore, WaterReserve {
  /** Layers from the bottom up: volume, heat content (kWh above 0 °C) and temperature. */
  readonly layers: { volume_m3: number; heat_kwh: number; temp_c: number }[] = [];
  readonly books: TankBooks = { heat_in_kwh: 0, heat_out_kwh: 0, loss_kwh: 0 };
  /** Volume drawn for fire fighting so far, m³. */
  drawn_m3 = 0;
  private readonly uaW: number[];
  private readonly interlayerWK: number;
  private readonly usefulPerM3: (temp_c: number) => number;

  constructor(
    readonly asset: AssetOf<'storage_tank'>,
    private readonly ctx: DeviceContext,
    init: { bottom_c: number; top_c: number },
  ) {
    this.usefulPerM3 = storedHeatPerM3(asset.min_useful_temp_c);
    const volume = asset.area_m2 * asset.height_m * TANK_NOMINAL_LEVEL;
    for (let i = 0; i < TANK_LAYERS; i++) {
      const temp = init.bottom_c + ((init.top_c - init.bottom_c) * i) / (TANK_LAYERS - 1);
      const v = volume / TANK_LAYERS;
      this.layers.push({ volume_m3: v, heat_kwh: waterHeatKwh(v, temp), temp_c: temp });
    }
    const wall = 2 * Math.sqrt(Math.PI * asset.area_m2) * asset.height_m;
    this.uaW = this.layers.map(
      (_, i) => SHELL_U_W_M2K * (wall / TANK_LAYERS + (i === 0 || i === TANK_LAYERS - 1 ? asset.area_m2 : 0)),
    );
    this.interlayerWK = (INTERLAYER_K_W_MK * asset.area_m2) / (asset.height_m / TANK_LAYERS);
  }

  get volume_m3(): number {
    return this.layers.reduce((s, l) => s + l.volume_m3, 0);
  }

  get level_m(): number {
    return this.volume_m3 / this.asset.area_m2;
  }

  get top(): number {
    return this.layers[TANK_LAYERS - 1]!.temp_c;
  }

  get bottom(): number {
    return this.layers[0]!.temp_c;
  }

  /** Heat content of the whole tank relative to 0 °C, kWh (the quantity the books balance). */
  contentKwh(): number {
    return this.layers.reduce((s, l) => s + l.heat_kwh, 0);
  }

  /** Useful stored heat above min_useful_temp_c (DOMAIN §9: storedHeatKwh, per layer), kWh. */
  usefulKwh(): number {
    let kwh = 0;
    for (const l of this.layers) kwh += l.volume_m3 * this.usefulPerM3(l.temp_c);
    return kwh;
  }

  /** Share of the heat the tank would hold fully charged at charge_temp_c, 0–1. */
  stateOfCharge(charge_temp_c: number): number {
    const full = this.volume_m3 * this.usefulPerM3(charge_temp_c);
    return full > 0 ? clamp(this.usefulKwh() / full, 0, 1) : 0;
  }

  /** Largest flow through the tank's diffusers, m³/h. */
  get maxFlowM3h(): number {
    return this.volume_m3 / 3;
  }

  maxChargeKw(supply_temp_c: number, dtMs: number): number {
    const dT = supply_temp_c - this.bottom;
    if (dT < 1) return 0;
    const byFlow = this.maxFlowM3h * heatFactorKwPerM3hK((supply_temp_c + this.bottom) / 2) * dT;
    const headroom = this.layers.reduce(
      (s, l) => s + Math.max(0, waterHeatKwh(l.volume_m3, supply_temp_c) - l.heat_kwh),
      0,
    );
    return Math.min(byFlow, headroom / (dtMs / HOUR_MS));
  }

  maxDischargeKw(return_temp_c: number, dtMs: number): number {
    const dT = this.top - return_temp_c;
    if (dT < 1 || this.top < this.asset.min_useful_temp_c) return 0;
    const byFlow = this.maxFlowM3h * heatFactorKwPerM3hK((this.top + return_temp_c) / 2) * dT;
    return Math.min(byFlow, this.usefulKwh() / (dtMs / HOUR_MS));
  }

  chargeWishKw(n: NetworkConditions, dtMs: number): number {
    const target = n.grid ? TANK_TARGET_SOC.grid : TANK_TARGET_SOC.outage;
    const soc = this.stateOfCharge(n.supply_temp_c);
    const fullKwh = this.usefulKwh() / Math.max(soc, 0.05);
    return clamp(
      ((target - soc) * fullKwh) / CHARGE_HORIZON_H,
      -this.maxDischargeKw(n.return_temp_c, dtMs),
      this.maxChargeKw(n.supply_temp_c, dtMs),
    );
  }

  bufferHeat(surplus_kw: number, n: NetworkConditions, dtMs: number): number {
    const net = clamp(surplus_kw, -this.maxDischargeKw(n.return_temp_c, dtMs), this.maxChargeKw(n.supply_temp_c, dtMs));
    return this.exchange(net, n.supply_temp_c, n.return_temp_c, dtMs);
  }

  /** Plug flow of dV m³ at temp_c entering at one end; the same volume leaves at the other. Returns heat out, kWh. */
  private push(dV: number, temp_c: number, downwards: boolean): number {
    let carried = waterHeatKwh(dV, temp_c);
    const order = downwards ? [...this.layers].reverse() : this.layers;
    for (const layer of order) {
      const share = Math.min(1, dV / layer.volume_m3);
      const out = layer.heat_kwh * share;
      layer.heat_kwh += carried - out;
      carried = out;
    }
    return carried;
  }

  /** Exchanges net_kw (positive: charging) for dtMs; returns the net heat actually taken in (kW, negative out). */
  private exchange(net_kw: number, supply_temp_c: number, return_temp_c: number, dtMs: number): number {
    const hours = dtMs / HOUR_MS;
    if (net_kw > 0) {
      const dT = supply_temp_c - this.bottom;
      if (dT < 1) return 0;
      const factor = heatFactorKwPerM3hK((supply_temp_c + this.bottom) / 2);
      const flow = Math.min(net_kw / (factor * dT), this.maxFlowM3h);
      let volume = flow * hours;
      const inKwh = waterHeatKwh(volume, supply_temp_c);
      let outKwh = 0;
      // sub-steps keep each plug below a third of a layer
      const maxPlug = this.layers[0]!.volume_m3 / 3;
      while (volume > 1e-9) {
        const dV = Math.min(volume, maxPlug);
        outKwh += this.push(dV, supply_temp_c, true);
        volume -= dV;
      }
      this.books.heat_in_kwh += inKwh - outKwh;
      this.settle();
      return (inKwh - outKwh) / hours;
    }
    if (net_kw < 0) {
      const dT = this.top - return_temp_c;
      if (dT < 1) return 0;
      const factor = heatFactorKwPerM3hK((this.top + return_temp_c) / 2);
      const flow = Math.min(-net_kw / (factor * dT), this.maxFlowM3h);
      let volume = flow * hours;
      const inKwh = waterHeatKwh(volume, return_temp_c);
      let outKwh = 0;
      const maxPlug = this.layers[0]!.volume_m3 / 3;
      while (volume > 1e-9) {
        const dV = Math.min(volume, maxPlug);
        outKwh += this.push(dV, return_temp_c, false);
        volume -= dV;
      }
      this.books.heat_out_kwh += outKwh - inKwh;
      this.settle();
      return -(outKwh - inKwh) / hours;
    }
    return 0;
  }

  /** Draws water at the bottom (fire fighting) at flow_m3h for dtMs, never below the outlet (dead volume). */
  drawWater(flow_m3h: number, dtMs: number): number {
    const want = flow_m3h * (dtMs / HOUR_MS);
    const dV = Math.min(want, Math.max(0, this.volume_m3 - this.asset.dead_volume_m3));
    if (dV <= 0) return 0;
    let remaining = dV;
    for (const layer of this.layers) {
      const take = Math.min(remaining, layer.volume_m3 * 0.999);
      const heat = layer.heat_kwh * (take / layer.volume_m3);
      layer.heat_kwh -= heat;
      layer.volume_m3 -= take;
      this.books.heat_out_kwh += heat;
      remaining -= take;
      if (remaining <= 1e-12) break;
    }
    this.drawn_m3 += dV;
    this.reslice();
    return dV;
  }

  /** Tops the tank up with mains water at the bottom towards the nominal level. */
  topUpWater(dtMs: number): void {
    const target = this.asset.area_m2 * this.asset.height_m * TANK_NOMINAL_LEVEL;
    const dV = Math.min(target - this.volume_m3, MAKEUP_M3H * (dtMs / HOUR_MS));
    if (dV <= 1e-9) return;
    const heat = waterHeatKwh(dV, MAKEUP_WATER_C);
    const bottom = this.layers[0]!;
    bottom.volume_m3 += dV;
    bottom.heat_kwh += heat;
    this.books.heat_in_kwh += heat;
    this.reslice();
  }

  /** Shell losses to the surroundings and conduction between layers for dtMs. */
  loseHeat(ambient_c: number, dtMs: number): void {
    const hours = dtMs / HOUR_MS;
    for (let i = 0; i < this.layers.length; i++) {
      const l = this.layers[i]!;
      const loss = Math.min(l.heat_kwh, ((this.uaW[i] ?? 0) * (l.temp_c - ambient_c) * hours) / 1000);
      l.heat_kwh -= loss;
      this.books.loss_kwh += loss;
    }
    for (let i = 0; i + 1 < this.layers.length; i++) {
      const lo = this.layers[i]!;
      const hi = this.layers[i + 1]!;
      // bounded so conduction never overshoots equal temperatures
      const q = ((this.interlayerWK * (hi.temp_c - lo.temp_c)) / 1000) * hours;
      const cap = (Math.abs(hi.temp_c - lo.temp_c) * Math.min(lo.volume_m3, hi.volume_m3) * 1.15) / 2;
      const flow = Math.sign(q) * Math.min(Math.abs(q), cap);
      hi.heat_kwh -= flow;
      lo.heat_kwh += flow;
    }
    this.settle();
  }

  /** Equal layer volumes again after the level changed, moving heat with the water it sits in. */
  private reslice(): void {
    const total = this.volume_m3;
    const target = total / TANK_LAYERS;
    const segments = this.layers.map((l) => ({
      v: l.volume_m3,
      density: l.volume_m3 > 0 ? l.heat_kwh / l.volume_m3 : 0,
    }));
    const next: { volume_m3: number; heat_kwh: number; temp_c: number }[] = [];
    let seg = 0;
    let segLeft = segments[0]?.v ?? 0;
    for (let i = 0; i < TANK_LAYERS; i++) {
      let need = target;
      let heat = 0;
      while (need > 1e-12 && seg < segments.length) {
        const take = Math.min(need, segLeft);
        heat += take * segments[seg]!.density;
        need -= take;
        segLeft -= take;
        if (segLeft <= 1e-12) {
          seg++;
          segLeft = segments[seg]?.v ?? 0;
        }
      }
      next.push({ volume_m3: target, heat_kwh: heat, temp_c: this.layers[i]!.temp_c });
    }
    // rounding crumbs stay in the top layer so no heat is lost
    const crumbs = this.contentKwh() - next.reduce((s, l) => s + l.heat_kwh, 0);
    next[TANK_LAYERS - 1]!.heat_kwh += crumbs;
    for (let i = 0; i < TANK_LAYERS; i++) this.layers[i] = next[i]!;
    this.settle();
  }

  /** Temperatures from heat contents; a warmer layer below a colder one mixes (buoyancy). */
  private settle(): void {
    for (const l of this.layers) l.temp_c = tempForHeat(l.volume_m3, l.heat_kwh, l.temp_c);
    for (let i = 0; i + 1 < this.layers.length; i++) {
      const lo = this.layers[i]!;
      const hi = this.layers[i + 1]!;
      if (lo.temp_c > hi.temp_c + 0.01) {
        const heat = lo.heat_kwh + hi.heat_kwh;
        const v = lo.volume_m3 + hi.volume_m3;
        const t = tempForHeat(v, heat, (lo.temp_c + hi.temp_c) / 2);
        lo.heat_kwh = waterHeatKwh(lo.volume_m3, t);
        hi.heat_kwh = heat - lo.heat_kwh;
        lo.temp_c = t;
        hi.temp_c = tempForHeat(hi.volume_m3, hi.heat_kwh, t);
      }
    }
  }

  values(): MetricValues {
    const rng = this.ctx.rng;
    const [bottom, mid, top] = this.layers as [
      (typeof this.layers)[0],
      (typeof this.layers)[0],
      (typeof this.layers)[0],
    ];
    return {
      level_m: round(this.level_m + rng.normal(0, 0.002), 3),
      volume_m3: round(this.volume_m3, 2),
      temp_top_c: round(top.temp_c, 2),
      temp_mid_c: round(mid.temp_c, 2),
      temp_bottom_c: round(bottom.temp_c, 2),
    };
  }
}
