import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

// The "done when": backup operators may back up and restore the orders tables; nobody may
// delete backups; AWS Backup may assume the service role. Check the preview, share, download.
test('a first-time administrator builds, checks, shares and downloads the policies', async ({ page, browser, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();

  await builder.scope.getByRole('radio', { name: 'Tables starting with' }).check();
  const tables = builder.scope.getByRole('textbox', { name: 'Table names or prefixes' });
  await tables.fill('orders-');
  await tables.press('Enter');

  const name = builder.principals.getByRole('textbox', { name: 'Name', exact: true });
  await name.fill('BackupOperators');
  await name.press('Enter');
  await builder.capability('Create on-demand backups').check();
  await builder.capability('Restore tables from backups').check();

  await builder.addPrincipal('Group', 'Everyone');
  await builder.capability('Deny deleting backups').check();

  await builder.addPrincipal('Service role', 'OrdersBackupService');
  await builder.capability('Back up with AWS Backup').check();
  await builder.capability('Let AWS Backup assume this role').check();
  const trust = builder.policies.getByRole('article', { name: /^Trust policy / });
  await expect(trust).toContainText('backup.amazonaws.com');

  await expect(builder.cell('role BackupOperators', 'Create on-demand backups')).toContainText('Allowed');
  await expect(builder.cell('role BackupOperators', 'Restore tables from backups')).toContainText('Allowed');
  await expect(builder.cell('group Everyone', 'Delete backups')).toContainText('Explicitly denied');
  await expect(builder.cell('service-role OrdersBackupService', 'Back up with AWS Backup')).toContainText('Allowed');

  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  const other = await browser.newContext();
  const second = new Builder(await other.newPage());
  await second.open(link.replace(/^https?:\/\/[^/]+/, ''));
  await expect(second.cell('group Everyone', 'Delete backups')).toContainText('Explicitly denied');
  await other.close();

  await builder.editButton('role', 'BackupOperators').click();
  const shown = await builder.firstPolicy();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    builder.policies.getByRole('button', { name: 'Download JSON' }).click(),
  ]);
  const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(file.principals.map((principal: any) => principal.name)).toEqual(['BackupOperators', 'Everyone', 'OrdersBackupService']);
  expect(file.principals[0].managedPolicies[0].document).toEqual(shown);
  expect(consoleErrors).toEqual([]);
});
