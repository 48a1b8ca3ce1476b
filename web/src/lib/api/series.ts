import { api, errorMessage } from './client.ts';
import type { Series } from './types.ts';

export class SeriesUnavailable extends Error {}

/** Downsampled history of one asset (the API widens the step so no series exceeds its max points). */
export async function fetchSeries(
  site: string,
  asset: string,
  metrics: readonly string[],
  from: number,
  to: number,
  step = 'auto',
): Promise<Series> {
  const { data, error, response } = await api.GET('/api/sites/{site}/assets/{asset}/series', {
    params: {
      path: { site, asset },
      query: { metrics: metrics.join(','), from: String(Math.round(from)), to: String(Math.round(to)), step },
    },
  });
  if (data) return data as Series;
  if (response.status === 503) throw new SeriesUnavailable(errorMessage(error, response));
  throw new Error(errorMessage(error, response));
}
