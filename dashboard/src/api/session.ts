// The signed-in admin token, kept in sessionStorage so it dies with the tab, and the notice shown
// on the login page after a sign-out the user did not ask for (a 401 from the API).

const TOKEN_KEY = 'gatewatch.adminToken'

export interface SessionState {
  token: string | null
  /** Why the user was sent back to the login page, if they did not sign out themselves. */
  notice: string | null
}

const listeners = new Set<() => void>()
let state: SessionState = { token: readToken(), notice: null }

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY)
  } catch {
    return null
  }
}

function update(next: SessionState): void {
  state = next
  for (const listener of listeners) listener()
}

export const session = {
  get: (): SessionState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
  signIn(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token)
    update({ token, notice: null })
  },
  signOut(notice: string | null = null): void {
    sessionStorage.removeItem(TOKEN_KEY)
    update({ token: null, notice })
  },
}
