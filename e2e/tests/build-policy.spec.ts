import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

test('ticking a capability shows the policy built for it', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  await expect(builder.policies).toContainText('Tick a capability');

  await builder.capability('Create on-demand backups').check();

  await expect(builder.policies.locator('pre').first()).toContainText('"dynamodb:CreateBackup"');
  const policy = JSON.parse(await builder.policies.locator('pre').first().innerText());
  expect(policy.Statement).toEqual([
    expect.objectContaining({ Effect: 'Allow', Action: 'dynamodb:CreateBackup' }),
  ]);
  expect(consoleErrors).toEqual([]);
});
