import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

test('ticking a capability shows the policy built for it and updates the preview', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  await expect(builder.policies).toContainText('Tick a capability');
  await expect(builder.cell('role BackupOperator', 'Create on-demand backups')).toContainText('Implicitly denied');

  await builder.capability('Create on-demand backups').check();

  await expect(builder.policies.locator('pre').first()).toContainText('"dynamodb:CreateBackup"');
  const policy = await builder.firstPolicy();
  expect(policy.Statement).toEqual([
    expect.objectContaining({ Effect: 'Allow', Action: 'dynamodb:CreateBackup' }),
  ]);
  await expect(builder.cell('role BackupOperator', 'Create on-demand backups')).toContainText('Allowed');
  await expect(builder.policies).toContainText('of 6144 characters');
  expect(consoleErrors).toEqual([]);
});

test('what a tick adds is shown on demand', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  const item = page.locator('.capability').filter({ has: builder.capability('Restore tables from backups') });
  await expect(item.getByText('dynamodb:RestoreTableFromBackup')).toBeHidden();
  await item.getByText('What this adds').click();
  await expect(item.getByText('dynamodb:RestoreTableFromBackup')).toBeVisible();
  await expect(item).toContainText('a restore writes the items into the new table');
  expect(consoleErrors).toEqual([]);
});
