// The browser and static server of a harness, ended by closeHeld() on every exit path
// (pass it to runMain as the cleanup); idempotent.
import { stopServer } from './staticServer.mjs';

/** @type {{ server: import('node:http').Server | null, browser: import('playwright-core').Browser | null }} */
export const held = { server: null, browser: null };

export async function closeHeld() {
  if (held.browser) { const b = held.browser; held.browser = null; await b.close().catch(() => {}); }
  if (held.server) { const s = held.server; held.server = null; await stopServer(s); }
}
