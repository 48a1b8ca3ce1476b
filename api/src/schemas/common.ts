import { Type, type Static } from '@sinclair/typebox';

export const LocalisedText = Type.Object({ ja: Type.String(), en: Type.String() }, { $id: 'LocalisedText' });

/** Every error response: a sentence a person understands, plus a machine code. */
export const ErrorBody = Type.Object(
  { statusCode: Type.Integer(), error: Type.String(), code: Type.String(), message: Type.String() },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** A figure with the time it was measured: nothing is shown without its age (DESIGN §9). */
export const Measured = Type.Object(
  {
    value: Type.Union([Type.Number(), Type.Null()]),
    unit: Type.String(),
    /** UTC ms of the oldest input the figure was computed from; null when nothing was measured. */
    measured_at: Type.Union([Type.Integer(), Type.Null()]),
    /** True when an input is stale or offline: shown greyed, never as live. */
    stale: Type.Boolean(),
  },
  { $id: 'Measured' },
);
export type Measured = Static<typeof Measured>;

export const DataState = Type.Union([
  Type.Literal('live'),
  Type.Literal('stale'),
  Type.Literal('offline'),
  Type.Literal('no_data'),
]);

export const ReserveStatus = Type.Union([
  Type.Literal('ok'),
  Type.Literal('warning'),
  Type.Literal('critical'),
  Type.Literal('unknown'),
]);

/** UTC milliseconds or an ISO 8601 date / date-time (without an offset: the site's time zone), 1970–2100. */
export const InstantParam = (description: string) =>
  Type.String({
    maxLength: 35,
    pattern: '^(\\d{1,15}|\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?)?)$',
    description: `${description}: ISO 8601 date-time (e.g. 2026-10-01T00:00:00+09:00; without an offset, in the site's time zone) or UTC milliseconds, 1970–2100`,
  });

/** A calendar month 'YYYY-MM' from 1970-01 to 2100-12. */
export const MonthParam = Type.String({
  pattern: '^(19[7-9]\\d|20\\d\\d|2100)-(0[1-9]|1[0-2])$',
  description: 'YYYY-MM (1970-01 … 2100-12), local to the site',
  examples: ['2026-10'],
});

export const SiteParams = Type.Object({ site: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' }) });
export const AssetParams = Type.Object({
  site: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' }),
  asset: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' }),
});
