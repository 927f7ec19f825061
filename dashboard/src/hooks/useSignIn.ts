// Signing in: the token is checked against the API before it is kept, so a wrong token gets an
// answer on the login form instead of an empty dashboard.
import { useMutation } from '@tanstack/react-query'
import { apiGet } from '../api/client.js'
import { session } from '../api/session.js'

export function useSignIn() {
  return useMutation({
    mutationFn: async (token: string) => {
      await apiGet('/endpoints', token, { limit: 1 })
      return token
    },
    onSuccess: (token) => session.signIn(token),
  })
}
