import axe from 'axe-core';
import type { Page } from 'playwright-core';

type Axe = typeof axe;

/** One axe-core rule that failed, with the elements it failed on. */
export interface AxeViolation {
  id: string;
  impact: 'serious' | 'critical';
  help: string;
  helpUrl: string;
  /** CSS selectors of the failing elements, with axe's summary of what to fix on each. */
  nodes: { target: string; summary: string }[];
}

/** Runs axe-core on the page as it is now and returns its serious and critical violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Not page.addScriptTag: the server's Content-Security-Policy (script-src 'self') rightly blocks an
  // inline <script>. Evaluating through the DevTools protocol is exempt, and keeps the policy on in
  // the tests so a violation by the app itself still shows up as a console error.
  await page.evaluate(`if (!('axe' in window)) { ${axe.source}\n}`);
  return page.evaluate(async () => {
    const inPage = (window as unknown as { axe: Axe }).axe;
    const results = await inPage.run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact as 'serious' | 'critical',
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((node) => ({
          target: node.target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : part)).join(' '),
          summary: node.failureSummary ?? '',
        })),
      }));
  });
}

/** Fails, listing each rule and element readably, if axe finds serious or critical violations. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length === 0) return;
  const lines = violations.flatMap((v) => [
    `- ${v.id} (${v.impact}): ${v.help}  ${v.helpUrl}`,
    ...v.nodes.map((node) => `    ${node.target}\n      ${node.summary.replaceAll('\n', '\n      ')}`),
  ]);
  throw new Error(
    `axe-core: ${violations.length} serious/critical violation(s) on ${screen}:\n${lines.join('\n')}`,
  );
}
