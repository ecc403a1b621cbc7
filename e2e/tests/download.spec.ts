import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

test('Download JSON saves the shown policy through the export API', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  await builder.capability('Create on-demand backups').check();
  await builder.capability('Restore tables from backups').check();
  const shown = await builder.firstPolicy();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    builder.policies.getByRole('button', { name: 'Download JSON' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^backstop-.*\.json$/);
  const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const principal = file.principals.find((entry: any) => entry.name === 'BackupOperator');
  expect(principal.managedPolicies[0].document).toEqual(shown);
  await expect(builder.policies).toContainText('Saved');

  const [terraform] = await Promise.all([
    page.waitForEvent('download'),
    builder.policies.getByRole('button', { name: 'Terraform' }).click(),
  ]);
  expect(terraform.suggestedFilename()).toMatch(/\.tf$/);
  expect(readFileSync(await terraform.path(), 'utf8')).toContain('dynamodb:CreateBackup');
  expect(consoleErrors).toEqual([]);
});
