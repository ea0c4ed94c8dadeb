/**
 * Runs work once the response is on its way: queued as a macrotask inside waitUntil, so it
 * can never delay or reorder the response, and its failure is never the client's problem.
 */
export function afterResponse(ctx: { waitUntil(promise: Promise<unknown>): void }, work: () => Promise<unknown>): void {
  ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, 0)).then(work).catch(() => {}));
}
