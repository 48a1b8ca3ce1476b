import { Type, type Static } from '@sinclair/typebox';
import { InstantParam } from './common.ts';

export const SeriesQuery = Type.Object(
  {
    metrics: Type.String({
      pattern: '^[a-z0-9_]{1,64}(,[a-z0-9_]{1,64}){0,19}$',
      description: 'comma-separated metric or derived field names of the asset type (up to 20)',
    }),
    from: Type.Optional(InstantParam('start (default: 24 h before "to")')),
    to: Type.Optional(InstantParam('end (default: now; at most a day ahead)')),
    step: Type.Optional(
      Type.String({
        pattern: '^(auto|[1-9][0-9]{0,6}(s|m|h|d))$',
        description: '"auto" or a bucket width such as 60s, 5m, 1h, 1d (at most 366d)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SeriesQuery = Static<typeof SeriesQuery>;

export const Series = Type.Object(
  {
    site: Type.String(),
    asset: Type.String(),
    from: Type.Integer(),
    to: Type.Integer(),
    /** The bucket width used, seconds: at least the step asked for, widened so no series exceeds max_points. */
    step_s: Type.Integer(),
    max_points: Type.Integer(),
    series: Type.Array(
      Type.Object({
        metric: Type.String(),
        unit: Type.String(),
        kind: Type.Union([Type.Literal('gauge'), Type.Literal('counter'), Type.Literal('flag')]),
        aggregate: Type.Union([Type.Literal('mean'), Type.Literal('last')]),
        /** [bucket start UTC ms, value] */
        points: Type.Array(Type.Tuple([Type.Integer(), Type.Number()])),
      }),
    ),
  },
  { $id: 'Series' },
);
export type Series = Static<typeof Series>;
