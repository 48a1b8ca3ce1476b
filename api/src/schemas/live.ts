/** Live shapes are the domain's (domain/src/live/schemas.ts): one definition for the api, OpenAPI and the web. */
export {
  AssetDetail,
  AssetLive,
  AssetTypeId as AssetType,
  ReserveList,
  SiteDetail,
  SiteKpis,
  SiteList,
  SiteReserve,
  SiteSummary,
} from '@ems/domain';
export { AssetTypeCatalogue } from '@ems/domain';
