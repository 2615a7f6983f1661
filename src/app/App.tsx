/** Application shell. */
export function App() {
  return (
    <main>
      <h1>XPM Contact Sync</h1>
      <p>A local, read-only mirror of your Xero Practice Manager contacts, clients and staff.</p>
    </main>
  );
}
