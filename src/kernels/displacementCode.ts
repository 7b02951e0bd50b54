// The codes of the displacements in every kernel that takes one (assembly/displacement.ts).
const DISPLACEMENT_CODE = { sam: 1, extragradient: 2 } as const;

/** The kernel code of a displacement kind, 0 for none. */
export function displacementCode(kind: keyof typeof DISPLACEMENT_CODE | null | undefined): number {
  return kind ? DISPLACEMENT_CODE[kind] : 0;
}
