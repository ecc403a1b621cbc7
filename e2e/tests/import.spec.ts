import { test, expect } from './fixtures/page';
import { Builder, presetText } from './fixtures/builder';

test('broken JSON shows the error at its line and column', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  // Seed 003 as printed: a quote is missing after `ec2:DescribeAvailabilityZones`.
  await builder.importPanel.getByRole('textbox', { name: 'Policy JSON' }).fill(presetText('veeam-backup-role.json'));
  await expect(builder.importPanel).toContainText('This is not a policy AWS would accept');
  await expect(builder.importPanel.locator('.finding').first()).toContainText(/at line:col 1:\d+/);
  await expect(builder.importPanel.getByRole('button', { name: 'Attach to the selected principal' })).toBeDisabled();
  expect(consoleErrors).toEqual([]);
});

test('a valid policy shows what it grants and can be attached', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  // Seed 000, example 5: restore with the writes it needs, and deny deleting one backup.
  await builder.importPanel.getByRole('textbox', { name: 'Policy JSON' }).fill(presetText('aws-guide-5.json'));
  const grants = builder.importPanel.locator('ul.grants');
  await expect(grants).toContainText('Restore tables from backups');
  await expect(builder.importPanel.getByRole('heading', { name: 'Findings' })).toBeVisible();

  await builder.importPanel.getByRole('button', { name: 'Attach to the selected principal' }).click();
  await expect(builder.importPanel).toContainText('Attached as inline policy `BackupOperator-imported-1`');
  await expect(builder.policies).toContainText('Inline policy BackupOperator-imported-1');
  await expect(builder.cell('role BackupOperator', 'Restore tables from backups')).toContainText('Allowed');
  expect(consoleErrors).toEqual([]);
});
