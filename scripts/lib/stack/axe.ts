// axe-core (the npm package, no download) run on a page as Chromium shows it, for the browser tests.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(
  fileURLToPath(new URL("../../../node_modules/axe-core/axe.min.js", import.meta.url)),
  "utf8",
);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string }[];
}

/**
 * axe-core on the page as it is. The pages' CSP (default-src 'none') refuses script elements, so
 * page.addScriptTag would be blocked; the source is evaluated through the DevTools protocol instead,
 * which leaves the page's CSP in force for what the person does next. A run that checked nothing
 * (no rule passed) is an error, so an empty list always means a page was really checked.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[]; passes: unknown[] }> } }).axe;
    return axe.run();
  });
  if (results.passes.length === 0) throw new Error("axe-core checked nothing on this page");
  return (results.violations as AxeViolation[]).map(({ id, impact, help, nodes }) => ({
    id,
    impact,
    help,
    nodes: nodes.map(({ target, html }) => ({ target, html })),
  }));
}
