// The app's QueryClient. Any query that meets a 401 ends the session and sends the user back to
// the login page with a notice; a refused token is never retried.
import { QueryCache, QueryClient } from '@tanstack/react-query'
import { UnauthorizedError } from './client.js'
import { session } from './session.js'

export const SESSION_ENDED_NOTICE =
  'Your session has ended: the analyzer no longer accepts this token. Sign in again.'

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (error instanceof UnauthorizedError && session.get().token !== null) {
          session.signOut(SESSION_ENDED_NOTICE)
        }
      },
    }),
    defaultOptions: {
      queries: {
        retry: (failures, error) => !(error instanceof UnauthorizedError) && failures < 2,
        staleTime: 5_000,
      },
    },
  })
  // Data fetched with one token is never shown to the next session.
  session.subscribe(() => client.clear())
  return client
}
