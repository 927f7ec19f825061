// Top of the component tree: the login page until a token is accepted, then the inventory.
import { useSession } from '../hooks/useSession.js'
import { InventoryPage } from './InventoryPage.js'
import { LoginPage } from './LoginPage.js'

export function App() {
  const { token, notice } = useSession()
  return token === null ? <LoginPage notice={notice} /> : <InventoryPage />
}
