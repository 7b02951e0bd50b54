// Browser consumer bundled by Vite: the package's browser entry finds its WASM through the
// literal `new URL('…wasm', import.meta.url)` the bundler rewrites.
import * as lib from 'multipass-gd';
import { runCase } from './case.js';

runCase(lib).then(
  (r) => { window.packageResult = r; /** @type {HTMLElement} index.html has it */ (document.getElementById('out')).textContent = JSON.stringify(r, null, 2); },
  (e) => { window.packageError = String(e && e.stack ? e.stack : e); console.error(window.packageError); },
);
