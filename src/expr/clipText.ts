// Quoted input inside an error message stays short: a 100 000-digit number or name is shown
// by its first characters (whole code points), so that the message is one readable line.

/** Code points of a quoted name or number kept in a message. */
const MAX_QUOTED = 24;

export function clipText(text: string): string {
  if (text.length <= MAX_QUOTED) return text;
  let kept = '';
  let count = 0;
  for (const point of text) {
    if (count++ === MAX_QUOTED) return `${kept}…`;
    kept += point;
  }
  return kept;
}
