import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { assetTypeCatalogue } from '@ems/domain';
import { ErrorBody } from '../../schemas/common.ts';

/** How the dashboard shows each asset type and fuel, from the asset-type modules (the web keeps no per-type tables). */
const assetTypes: FastifyPluginAsyncTypebox = async (fastify) => {
  const catalogue = assetTypeCatalogue();
  fastify.get(
    '',
    {
      config: { access: 'read' },
      schema: {
        tags: ['sites'],
        summary:
          'Every asset type (names, icon, traits, parameters and metrics with labels and units, key metrics, sign conventions) and every fuel',
        response: { 200: Type.Ref('AssetTypeCatalogue'), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async () => catalogue,
  );
};

export default assetTypes;
