import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

test('a trust capability asks for what it needs and then shows the trust policy', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  await builder.capability('Create on-demand backups').check();
  await builder.capability('Let another AWS account assume this role').check();
  await expect(builder.policies.getByRole('alert')).toContainText(
    '`trust.account` of role `BackupOperator` needs at least one trusted account: add the 12-digit ids of the accounts to trust',
  );

  const accounts = page.getByRole('textbox', { name: 'Trusted accounts' });
  await accounts.fill('111122223333');
  await accounts.press('Enter');
  const external = page.getByRole('textbox', { name: 'External ID' });
  await external.fill('vendor-1234');
  await external.press('Enter');

  const trust = builder.policies.getByRole('article', { name: /^Trust policy / });
  await expect(trust).toContainText('111122223333');
  await expect(trust).toContainText('vendor-1234');
  await expect(trust).toContainText('of 2048 characters');
  expect(consoleErrors).toEqual([]);
});

test('guardrails take break-glass principals', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  await builder.capability('Deny deleting backups').check();
  const breakGlass = page.getByRole('textbox', { name: 'Break-glass principals' });
  await breakGlass.fill('arn:aws:iam::123456789012:role/BreakGlass');
  await breakGlass.press('Enter');
  await expect(builder.policies.locator('pre').first()).toContainText('arn:aws:iam::123456789012:role/BreakGlass');
  await breakGlass.fill('BreakGlass');
  await breakGlass.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: '`BreakGlass` is not an IAM user or role ARN' })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
