import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { reserveSheet } from '../../reserves/sheet.ts';
import { renderSheetCsv, renderSheetXlsx, SHEET_CONTENT_TYPES, sheetFilename } from '../../reserves/render.ts';
import { ErrorBody } from '../../schemas/common.ts';
import { ReserveList } from '../../schemas/live.ts';

const Err = Type.Object(ErrorBody.properties);
const Binary = Type.String({ format: 'binary' });

const ExportQuery = Type.Object(
  {
    format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], {
      description: 'csv (UTF-8 with BOM) or xlsx',
    }),
    lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')], { default: 'ja' })),
  },
  { additionalProperties: false },
);

const reserves: FastifyPluginAsyncTypebox = async (fastify) => {
  const now = () => fastify.liveModel.now();
  const all = (at: number) => fastify.registry.allSites().map((s) => fastify.liveModel.site(s.id, at)!.reserve);

  fastify.get(
    '',
    {
      config: { access: 'read' },
      schema: {
        tags: ['reserves'],
        summary:
          "Every site's resilience reserve: water, fire reserve, living water, stored heat, fuel, battery, autonomy, and the time to each threshold",
        response: { 200: ReserveList, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async () => {
      const at = now();
      return { reserves: all(at), generated_at: at };
    },
  );

  fastify.get(
    '/export',
    {
      config: { access: 'read' },
      schema: {
        tags: ['reserves'],
        summary:
          'The reserve sheet of every site as a download: a summary (status first, with totals) and every figure with when it was measured (site time), until when it lasts and what it assumes',
        querystring: ExportQuery,
        response: {
          200: {
            description: 'The reserve sheet as an attachment',
            content: {
              'text/csv': { schema: Binary },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: Binary },
            },
          },
          400: Err,
          401: Err,
          403: Err,
        },
      },
    },
    async (req, reply) => {
      const lang = req.query.lang ?? 'ja';
      const format = req.query.format;
      const at = now();
      const sheet = reserveSheet(all(at), fastify.registry, at, lang);
      const body = format === 'csv' ? renderSheetCsv(sheet, lang) : await renderSheetXlsx(sheet, lang);
      // a file is not JSON: send the bytes past the typed JSON reply
      return (reply as FastifyReply)
        .type(SHEET_CONTENT_TYPES[format])
        .header('Content-Disposition', `attachment; filename="${sheetFilename(sheet, format)}"`)
        .send(body);
    },
  );
};

export default reserves;
