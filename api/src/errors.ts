/** An error whose message is written for a person; the one error handler turns it into JSON with this status. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly statusCode: number,
    message: string,
    readonly code: string = 'error',
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new ApiError(400, message, 'bad_request');
export const notFound = (message: string) => new ApiError(404, message, 'not_found');
export const unavailable = (message: string) => new ApiError(503, message, 'unavailable');
