// The store key of a point: sha256 of the canonical JSON of its command, its fully resolved
// configuration and the result-format version. Web Crypto (globalThis.crypto.subtle) exists
// in browsers and in Node ≥ 20, so the key is the same in both.
import { SweepStoreError } from '../errors.js';
import { RESULT_FORMAT_VERSION } from '../results/resultFormatVersion.js';
import { canonicalJson } from './canonicalJson.js';

export async function pointKey(command: string, config: Record<string, unknown>): Promise<string> {
  const text = canonicalJson({ command, config, resultFormat: RESULT_FORMAT_VERSION });
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new SweepStoreError('sweep needs Web Crypto to key its points: open the page over https or from localhost');
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
