import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { ErrorBody } from '../../schemas/common.ts';
import { analyticsSchemas, MonthlyReport, ReportQuery } from '../../schemas/analytics.ts';

const Err = Type.Object(ErrorBody.properties);
const Binary = Type.String({ format: 'binary' });

const reports: FastifyPluginAsyncTypebox = async (fastify) => {
  for (const s of analyticsSchemas) if (!fastify.getSchema(s.$id!)) fastify.addSchema(s);
  fastify.get(
    '/reports/monthly',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Monthly report of a site (DESIGN §6) as JSON, or as a CSV / XLSX / PDF download',
        tags: ['analytics'],
        querystring: Type.Object(ReportQuery.properties, { additionalProperties: false }),
        response: {
          200: {
            description: 'The report (json) or the file (csv, xlsx, pdf) as an attachment',
            content: {
              'application/json': { schema: Type.Ref(MonthlyReport) },
              'text/csv': { schema: Binary },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: Binary },
              'application/pdf': { schema: Binary },
            },
          },
          400: Err,
          401: Err,
          403: Err,
          404: Err,
          503: Err,
        },
      },
    },
    async (req, reply) => {
      const { site, month } = req.query;
      const format = req.query.format ?? 'json';
      const lang = req.query.lang ?? 'ja';
      const report = await fastify.analytics.monthlyReport(site, month);
      if (format === 'json') return reply.type('application/json; charset=utf-8').send(report);
      const file = await fastify.analytics.render(report, format, lang);
      // a file is not JSON: send the bytes past the typed JSON reply
      return (reply as FastifyReply)
        .type(file.contentType)
        .header('Content-Disposition', `attachment; filename="${file.filename}"`)
        .send(file.body);
    },
  );
};
export default reports;
