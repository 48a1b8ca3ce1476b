/**
 * Shapes every wire message shares (DESIGN §1: every wire shape is defined once, as a TypeBox schema; types come
 * from Static<>, the api's OpenAPI document from the same schemas, the web's client from that document).
 * Schemas with an $id are referenced with Type.Ref and registered once by the api (addSchema).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ASSET_TYPES } from '../assets/index.ts';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const LocalisedText = Type.Object({ ja: Type.String(), en: Type.String() }, { $id: 'LocalisedText' });
export type LocalisedText = Static<typeof LocalisedText>;

/** A figure with the time it was measured: nothing is shown without its age (DESIGN §9). */
export const Measured = Type.Object(
  {
    value: Nullable(Type.Number()),
    unit: Type.String(),
    /** UTC ms of the oldest input the figure was computed from; null when nothing was measured. */
    measured_at: Nullable(Type.Integer()),
    /** True when an input is stale, offline or missing: shown greyed, never as live. */
    stale: Type.Boolean(),
    /**
     * UTC ms at which the figure turns stale if no new data arrives (the earliest of its inputs'); null when it is
     * stale already or has no measured input. A client compares it with the server's clock.
     */
    stale_at: Nullable(Type.Integer()),
  },
  { $id: 'Measured' },
);
export type Measured = Static<typeof Measured>;

export const AssetTypeId = Type.Union(
  ASSET_TYPES.map((t) => Type.Literal(t)),
  { $id: 'AssetType' },
);

export const DataState = Type.Union([
  Type.Literal('live'),
  Type.Literal('stale'),
  Type.Literal('offline'),
  Type.Literal('no_data'),
]);

export const ReserveStatusSchema = Type.Union([
  Type.Literal('ok'),
  Type.Literal('warning'),
  Type.Literal('critical'),
  Type.Literal('unknown'),
]);

export const ReserveReasonSchema = Type.Union(
  ['stale_data', 'below_fire_reserve', 'autonomy_below_critical', 'autonomy_below_warning', 'invalid_thresholds'].map(
    (r) => Type.Literal(r),
  ),
);

export const MetricValues = Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean()]));
