// The one place the dashboard talks HTTP: GET requests under /api/v1 with the admin token as a
// Bearer credential, and errors that say what went wrong.

export class ApiError extends Error {
  override readonly name: string = 'ApiError'
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/** The API refused the token (HTTP 401): the session is over. */
export class UnauthorizedError extends ApiError {
  override readonly name = 'UnauthorizedError'
  constructor() {
    super(401, 'The analyzer did not accept the admin token.')
  }
}

export type QueryParams = Record<string, string | number | undefined>

/** `/api/v1/endpoints?limit=10`, leaving out parameters that are undefined or empty. */
export function apiUrl(path: string, params: QueryParams = {}): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value))
  }
  const qs = search.toString()
  return `/api/v1${path}${qs ? `?${qs}` : ''}`
}

async function messageOf(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { message?: unknown; error?: unknown }
    if (typeof body.message === 'string') return body.message
    if (typeof body.error === 'string') return body.error
  } catch {
    // Not JSON (a proxy's HTML error page): fall back to the status line.
  }
  return `${res.status} ${res.statusText}`.trim()
}

export async function apiGet<T>(
  path: string,
  token: string,
  params?: QueryParams,
  signal?: AbortSignal,
): Promise<T> {
  let res: Response
  try {
    res = await fetch(apiUrl(path, params), {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal,
    })
  } catch (err) {
    if (signal?.aborted) throw err
    throw new ApiError(0, 'The analyzer could not be reached.')
  }
  if (res.status === 401) throw new UnauthorizedError()
  if (!res.ok) throw new ApiError(res.status, `The analyzer answered: ${await messageOf(res)}`)
  return (await res.json()) as T
}
