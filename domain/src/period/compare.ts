/** A period's key figures beside those of another period (the same month of the previous year), with the change. */
import { safeRatio } from '../calc/num.ts';
import { COMPARED_FIGURES, type FigureKey } from '../report/figures.ts';
import type { FigureChange, SiteFigures } from './schemas.ts';

/** Each figure of `current` beside the same figure of `previous`. */
export function compareFigures(
  current: SiteFigures,
  previous: SiteFigures,
  figures: readonly FigureKey[] = COMPARED_FIGURES,
): FigureChange[] {
  return figures.map((figure) => {
    const c = finite(current[figure]);
    const p = finite(previous[figure]);
    const change = c !== null && p !== null ? c - p : null;
    return {
      figure,
      current: c,
      previous: p,
      change,
      change_ratio: change !== null && p !== null ? safeRatio(change, Math.abs(p)) : null,
    };
  });
}

const finite = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);
