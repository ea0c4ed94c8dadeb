// The logo drawn in a code's centre: the Linkscope mark (a ring around a dot, a scope's reticle)
// in the code's own colours on a plate of the background colour. Drawn from shapes, not an image,
// so the PNG needs no image decoder and no logo is ever fetched from elsewhere.

/** Radii as shares of the plate's side. */
export const MARK = { ringOuter: 0.42, ringInner: 0.29, dot: 0.14 } as const;

/** Whether a point (in plate sides from the plate's centre) is drawn in the foreground colour. */
export function markCovers(dx: number, dy: number): boolean {
  const distance = Math.hypot(dx, dy);
  return distance <= MARK.dot || (distance >= MARK.ringInner && distance <= MARK.ringOuter);
}
