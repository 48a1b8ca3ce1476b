import { Type, type Static } from '@sinclair/typebox';
import { Id } from '@ems/domain';

export { DataState, LocalisedText, Measured, ReserveStatusSchema as ReserveStatus } from '@ems/domain';

/** Every error response: a sentence a person understands, plus a machine code. */
export const ErrorBody = Type.Object(
  { statusCode: Type.Integer(), error: Type.String(), code: Type.String(), message: Type.String() },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;

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

export const SiteParams = Type.Object({ site: Id });
export const AssetParams = Type.Object({ site: Id, asset: Id });
