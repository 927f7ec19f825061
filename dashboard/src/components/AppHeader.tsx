// The bar across the top of a signed-in page: the product and a way out.
import { session } from '../api/session.js'
import { Brand } from './Brand.js'

export function AppHeader() {
  return (
    <header className="app-header">
      <Brand />
      <nav className="app-nav" aria-label="Main">
        <span className="nav-item active">Endpoints</span>
      </nav>
      <button type="button" className="ghost" data-testid="sign-out" onClick={() => session.signOut()}>
        Sign out
      </button>
    </header>
  )
}
