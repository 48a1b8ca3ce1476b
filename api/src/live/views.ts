/** The live model's wire shapes come from the domain (domain/src/live/views.ts). */
export { assetLive as toAssetLive, siteDetail as toDetail, siteSummary as toSummary } from '@ems/domain';
