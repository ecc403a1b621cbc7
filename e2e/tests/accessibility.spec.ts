import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no violations on the main view (${colorScheme})`, async ({ page, consoleErrors }) => {
    await page.emulateMedia({ colorScheme });
    const builder = new Builder(page);
    await builder.open();
    await builder.capability('Create on-demand backups').check();
    await builder.capability('Deny deleting backups').check();
    await builder.cell('role BackupOperator', 'Delete backups').click();
    await builder.importPanel.getByRole('textbox', { name: 'Policy JSON' }).fill('{"Version": "2012-10-17", "Statement": [');
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(' ')}`)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
}

test('the page is usable 360 px wide: nothing wider than the screen but the scrolling matrix', async ({ page, consoleErrors }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const builder = new Builder(page);
  await builder.open();
  await builder.capability('Create on-demand backups').check();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  expect(consoleErrors).toEqual([]);
});
