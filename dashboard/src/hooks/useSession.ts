// The current session (token and sign-out notice) as React state.
import { useSyncExternalStore } from 'react'
import { type SessionState, session } from '../api/session.js'

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.get)
}
