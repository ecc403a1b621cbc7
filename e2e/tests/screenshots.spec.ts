import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

const docs = join(__dirname, '..', '..', 'docs');
const shots = join(docs, 'screenshots');

test('screenshots of the main views, and the README screenshot', async ({ page, consoleErrors }) => {
  mkdirSync(shots, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 1000 });
  const builder = new Builder(page);
  await builder.open();
  // The story: backup operators back up and restore the orders tables, nobody deletes
  // backups, AWS Backup assumes the service role.
  await builder.scope.getByRole('radio', { name: 'Tables starting with' }).check();
  const tables = builder.scope.getByRole('textbox', { name: 'Table names or prefixes' });
  await tables.fill('orders-');
  await tables.press('Enter');
  await builder.capability('Create on-demand backups').check();
  await builder.capability('Restore tables from backups').check();
  await builder.capability('Deny deleting backups').check();
  await builder.addPrincipal('Service role', 'OrdersBackupService');
  await builder.capability('Back up with AWS Backup').check();
  await builder.capability('Let AWS Backup assume this role').check();
  await builder.editButton('role', 'BackupOperator').click();
  await builder.cell('role BackupOperator', 'Delete backups').click();
  await expect(builder.policies.locator('mark')).toHaveCount(1);

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(docs, 'screenshot.png') });
  await page.screenshot({ path: join(shots, 'builder.png'), fullPage: true });
  await builder.preview.screenshot({ path: join(shots, 'preview.png') });
  await builder.explanation.screenshot({ path: join(shots, 'explanation.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(shots, 'builder-dark.png') });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, 'builder-360.png') });
  expect(consoleErrors).toEqual([]);
});
