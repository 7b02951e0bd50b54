// Files of a result, written by the CLI's own writers (multipass-gd/io: formatJson,
// formatCsv, formatNpz), so a download equals `npx multipass-gd run --out x.json|csv|npz`.
import type { SeedsResult } from '../../src/index.js';
import { formatCsv, formatJson, formatNpz } from '../../src/io.js';

export function resultFiles(result: SeedsResult) {
  return { json: () => formatJson(result), csv: () => formatCsv(result), npz: () => formatNpz(result) };
}

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const downloadText = (text: string, name: string, type: string) => save(new Blob([text], { type }), name);
export const downloadBytes = (bytes: Uint8Array, name: string, type: string) => save(new Blob([bytes as BlobPart], { type }), name);

/** The SVG drawn into a canvas at twice its size, as PNG bytes. */
export async function pngOf(svg: string): Promise<Uint8Array> {
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth * 2;
    canvas.height = img.naturalHeight * 2;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0);
    const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}
