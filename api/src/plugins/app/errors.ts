import type { FastifyError, FastifyInstance } from 'fastify';
import { InfluxError } from '@ems/runtime';
import { ApiError } from '../../errors.ts';

export const INFLUX_DOWN_MESSAGE =
  'History is unavailable because the database does not answer; live values still work.';

const CONTEXT: Record<string, string> = {
  querystring: 'query parameter',
  params: 'path parameter',
  body: 'field',
  headers: 'header',
};

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
  parentSchema?: { description?: string; properties?: Record<string, { description?: string }> };
  schema?: unknown;
}

/** "The query parameter "from" must match …: expected an ISO 8601 date-time or UTC milliseconds." */
export function validationMessage(context: string | undefined, errors: readonly AjvError[]): string {
  const e = errors[0];
  const where = CONTEXT[context ?? ''] ?? 'parameter';
  if (!e) return `A ${where} is not valid.`;
  if (e.keyword === 'required') {
    const name = String(e.params.missingProperty ?? '');
    const description = e.parentSchema?.properties?.[name]?.description;
    return `The ${where} "${name}" is required${description ? `: ${description}` : ''}.`;
  }
  if (e.keyword === 'additionalProperties')
    return `The ${where} "${String(e.params.additionalProperty)}" is not known here.`;
  const name = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || (context === 'body' ? 'body' : where);
  const description = e.parentSchema?.description;
  let what = e.message ?? 'is not valid';
  if (e.keyword === 'pattern') what = 'has characters or a form that is not allowed';
  if (e.keyword === 'enum' || e.keyword === 'const' || e.keyword === 'anyOf') what = 'is not one of the allowed values';
  return `The ${where} "${name}" ${what}${description ? `: expected ${description}` : ''}.`;
}

/** Fastify's own request errors, as sentences that say what was wrong. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty, but the Content-Type header says it is JSON.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'The body must be JSON: send it with "Content-Type: application/json".',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The body is too large: at most 64 KiB.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The body is not as long as the Content-Length header says.',
  FST_ERR_BAD_URL: 'The path of the URL is not valid percent-encoding.',
};

/** A message for a 4xx from a library: ours when we know the error, else its own, made into a sentence. */
function clientErrorMessage(error: FastifyError, status: number): string {
  if (status === 429) return 'Too many attempts: wait a minute and try again.';
  const known = error.code ? FASTIFY_MESSAGES[error.code] : undefined;
  if (known) return known;
  if (error instanceof SyntaxError) return `The body is not valid JSON: ${error.message}.`;
  const text = (error.message || 'The request is not valid').trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * Errors the router raises before any route runs (a path that is not valid percent-encoding): the same body as
 * every other error. For Fastify's `frameworkErrors` option.
 */
export function frameworkErrorBody(error: FastifyError): { status: number; body: Record<string, unknown> } {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  return {
    status,
    body: {
      statusCode: status,
      error: statusText(status),
      code: 'bad_request',
      message: clientErrorMessage(error, status),
    },
  };
}

/** The one error handler: person-readable messages, statuses by kind, unknown errors logged as 500. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & { validationContext?: string }, req, reply) => {
    if (error.validation) {
      return reply.code(400).send({
        statusCode: 400,
        error: 'Bad Request',
        code: 'bad_request',
        message: validationMessage(error.validationContext, error.validation as unknown as AjvError[]),
      });
    }
    if (error instanceof ApiError) {
      return reply.code(error.statusCode).send({
        statusCode: error.statusCode,
        error: statusText(error.statusCode),
        code: error.code,
        message: error.message,
      });
    }
    if (error instanceof InfluxError && error.kind !== 'rejected') {
      req.log.warn({ err: error.message }, 'InfluxDB unavailable');
      return reply.code(503).send({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'history_unavailable',
        message: INFLUX_DOWN_MESSAGE,
      });
    }
    const status = error.statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send({
        statusCode: status,
        error: statusText(status),
        code: error.code ?? 'bad_request',
        message: clientErrorMessage(error, status),
      });
    }
    req.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'internal',
      message: 'Something went wrong on the server; it has been logged.',
    });
  });
}

function statusText(status: number): string {
  return (
    {
      400: 'Bad Request',
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'Not Found',
      405: 'Method Not Allowed',
      409: 'Conflict',
      413: 'Payload Too Large',
      415: 'Unsupported Media Type',
      429: 'Too Many Requests',
      503: 'Service Unavailable',
    }[status] ?? 'Error'
  );
}
