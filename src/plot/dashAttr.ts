// The stroke-dasharray attribute of an SVG line, shared by the figures of src/plot and the web page.

/** ` stroke-dasharray="…"` (with its leading space), or nothing for a solid line ('' or undefined). */
export const dashAttr = (dash: string | undefined): string => (dash ? ` stroke-dasharray="${dash}"` : '');
