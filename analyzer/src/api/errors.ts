// The catalog of errors the API answers with: a stable code, an HTTP status, a sentence. Anything
// else that escapes a handler becomes `internal_error` with no detail (logged, never sent).
import Type from 'typebox'

export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
  ) {
    super(message)
  }
}

export const errors = {
  unauthorized: () => new ApiError('unauthorized', 401, 'a valid Bearer token is required'),
  badRequest: (message: string) => new ApiError('bad_request', 400, message),
  notFound: (message: string) => new ApiError('not_found', 404, message),
  storeUnavailable: () =>
    new ApiError('store_unavailable', 503, 'the event store is unavailable; nothing was stored, retry later'),
}

export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'Stable error code, e.g. unauthorized.' }),
    message: Type.String({ description: 'What went wrong, in a sentence.' }),
  },
  { additionalProperties: false },
)
