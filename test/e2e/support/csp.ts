/**
 * Records Content-Security-Policy violations in the page (QUALITY.md reliability 12): the production
 * build must run under the strict policy with zero violations.
 */
import type { Page } from '@playwright/test';

export function watchCsp(page: Page): () => string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|create)/i.test(message.text()))
      violations.push(message.text());
  });
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `Refused to ${event.effectiveDirective}: Content Security Policy violation of ${event.violatedDirective} by ${event.blockedURI}`,
      );
    });
  });
  return () => violations;
}
