// The form, built from FIELDS; values in and out; inline messages under a field.
import { FIELDS, type Values } from './fields.js';
import { escapeXml as esc } from '../../src/plot/escapeXml.js';

function control(f: (typeof FIELDS)[number]): string {
  const id = `f-${f.key}`;
  const described = `aria-describedby="e-${f.key}${f.help ? ` h-${f.key}` : ''}"`;
  if (f.kind === 'select') return `<select id="${id}" name="${f.key}" ${described}>${f.choices!.map((c) => `<option>${esc(c)}</option>`).join('')}</select>`;
  if (f.kind === 'checkbox') return `<input id="${id}" name="${f.key}" type="checkbox" ${described}>`;
  const mode = f.kind === 'number' ? ' inputmode="decimal"' : ' spellcheck="false" autocapitalize="off" autocomplete="off"';
  return `<input id="${id}" name="${f.key}" type="text"${mode} ${described}>`;
}

export function buildForm(basic: HTMLElement, advanced: HTMLElement, training: HTMLElement): void {
  for (const f of FIELDS) {
    const wrap = document.createElement('div');
    wrap.className = `field field-${f.kind}${f.kind === 'text' ? ' wide' : ''}`;
    wrap.dataset.field = f.key;
    wrap.innerHTML = `<label for="f-${f.key}">${esc(f.label)}</label>${control(f)}` +
      (f.help ? `<small id="h-${f.key}" class="help">${esc(f.help)}</small>` : '') +
      `<div id="e-${f.key}" class="error" role="alert" aria-live="polite"></div>`;
    (f.training ? training : f.advanced ? advanced : basic).appendChild(wrap);
  }
}

const input = (key: string) => document.getElementById(`f-${key}`) as HTMLInputElement | HTMLSelectElement;

export function readForm(): Values {
  return Object.fromEntries(FIELDS.map((f) => {
    const el = input(f.key);
    return [f.key, f.kind === 'checkbox' ? ((el as HTMLInputElement).checked ? 'on' : '') : el.value];
  }));
}

export function writeForm(values: Values): void {
  for (const f of FIELDS) {
    const el = input(f.key);
    const v = values[f.key] ?? f.value;
    if (f.kind === 'checkbox') (el as HTMLInputElement).checked = v !== '';
    else el.value = v;
  }
}

/** An inline message under `key`; `caret` (a 0-based UTF-16 offset) marks the character. */
export function showError(key: string, message: string, caret?: { source: string; position: number; column: number }): void {
  const box = document.getElementById(`e-${key}`)!;
  const el = input(key);
  el.setAttribute('aria-invalid', 'true');
  reveal(key);
  box.dataset.message = message;
  if (caret && caret.position >= 0) {
    box.dataset.column = String(caret.column);
    box.dataset.position = String(caret.position);
    const before = caret.source.slice(0, caret.position);
    const at = caret.source.slice(caret.position, caret.position + 1) || ' ';
    const after = caret.source.slice(caret.position + 1);
    box.innerHTML = `<code class="caret-line">${esc(before)}<mark>${esc(at)}</mark>${esc(after)}</code><span>${esc(message)}</span>`;
  } else {
    delete box.dataset.column;
    delete box.dataset.position;
    box.innerHTML = `<span>${esc(message)}</span>`;
  }
}

export function clearError(key: string): void {
  const box = document.getElementById(`e-${key}`)!;
  input(key).removeAttribute('aria-invalid');
  box.innerHTML = '';
  delete box.dataset.message;
  delete box.dataset.column;
  delete box.dataset.position;
}

export function clearErrors(): void {
  for (const f of FIELDS) clearError(f.key);
}

export function focusField(key: string): void {
  reveal(key);
  input(key).focus();
}

/** Opens the collapsed section ("More options", "Training variant") that holds `key`. */
function reveal(key: string): void {
  const details = input(key).closest('details');
  if (details) details.open = true;
}

/** Opens every section holding a simulation option that differs from its default (a restored URL or preset). */
export function revealChanged(values: Values): void {
  for (const f of FIELDS) if (f.flag && (values[f.key] ?? f.value) !== f.value) reveal(f.key);
}
