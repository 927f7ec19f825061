// The sign-in form: the admin token is checked against the API before it is kept for the tab.
import { type FormEvent, useState } from 'react'
import { UnauthorizedError } from '../api/client.js'
import { useSignIn } from '../hooks/useSignIn.js'
import { Brand } from './Brand.js'

export function LoginPage({ notice }: { notice: string | null }) {
  const [token, setToken] = useState('')
  const signIn = useSignIn()

  function submit(event: FormEvent) {
    event.preventDefault()
    const value = token.trim()
    if (value) signIn.mutate(value)
  }

  const error =
    signIn.error instanceof UnauthorizedError
      ? 'That token was not accepted. Check the admin token and try again.'
      : (signIn.error?.message ?? null)

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} noValidate>
        <Brand />
        <h1>Sign in</h1>
        <p className="muted">Enter the admin token of this Gatewatch analyzer.</p>
        {notice !== null && signIn.error === null && (
          <p className="notice" role="status" data-testid="login-notice">
            {notice}
          </p>
        )}
        <label htmlFor="admin-token">Admin token</label>
        <input
          id="admin-token"
          type="password"
          autoComplete="current-password"
          spellCheck={false}
          data-testid="login-token"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error !== null ? 'login-error' : undefined}
        />
        {error !== null && (
          <p id="login-error" className="form-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button
          type="submit"
          className="primary"
          data-testid="login-submit"
          disabled={signIn.isPending || !token.trim()}
        >
          {signIn.isPending ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  )
}
