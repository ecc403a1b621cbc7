import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

test('clicking a cell explains the decision and marks the deciding statement', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  await builder.capability('Delete backups').check();
  await builder.capability('Deny deleting backups').check();

  const cell = builder.cell('role BackupOperator', 'Delete backups');
  await expect(cell).toContainText('Explicitly denied');
  await cell.click();

  await expect(builder.explanation.getByRole('heading', { level: 3 })).toHaveText('role BackupOperator — Delete backups');
  await expect(builder.explanation).toContainText('Denied by statement `DenyBackupDeletion` of identity policy `BackupOperator-backstop`');
  await expect(builder.explanation).toContainText('An explicit deny wins over every allow');
  const marked = builder.policies.locator('mark');
  await expect(marked).toHaveCount(1);
  await expect(marked).toContainText('"DenyBackupDeletion"');

  await builder.cell('role BackupOperator', 'Restore tables from backups').click();
  await expect(builder.explanation).toContainText('No statement allows every request below: tick “Restore tables from backups”');
  expect(consoleErrors).toEqual([]);
});
