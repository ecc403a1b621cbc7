import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

test("a group's guardrail denies a member's capability in the preview", async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();

  await builder.addPrincipal('Group', 'Everyone');
  await builder.capability('Deny deleting backups').check();

  await builder.addPrincipal('User', 'ana');
  await builder.capability('Delete backups').check();
  await builder.principals.getByRole('checkbox', { name: 'Everyone' }).check();

  await builder.addPrincipal('User', 'bo');
  await builder.capability('Delete backups').check();

  await expect(builder.cell('user ana', 'Delete backups')).toContainText('Explicitly denied');
  await expect(builder.cell('user bo', 'Delete backups')).toContainText('Allowed');
  await expect(builder.cell('group Everyone', 'Delete backups')).toContainText('Explicitly denied');
  await expect(builder.cell('role BackupOperator', 'Delete backups')).toContainText('Implicitly denied');
  expect(consoleErrors).toEqual([]);
});

test('principals can be renamed, duplicated and removed', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  await builder.capability('Create on-demand backups').check();
  const name = builder.principals.getByRole('textbox', { name: 'Name' }).first();
  await name.fill('Backups');
  await name.press('Enter');
  await expect(builder.editButton('role', 'Backups')).toBeVisible();
  await expect(builder.policies).toContainText('Backups-backstop');

  await builder.principals.getByRole('button', { name: 'Duplicate Backups' }).click();
  await expect(builder.editButton('role', 'Backups-2')).toHaveAttribute('aria-pressed', 'true');
  await expect(builder.capability('Create on-demand backups')).toBeChecked();

  await name.fill('not valid!');
  await name.press('Enter');
  await expect(builder.principals).toContainText('`not valid!` is not a valid IAM name');

  await builder.principals.getByRole('button', { name: 'Remove Backups-2' }).click();
  await expect(builder.editButton('role', 'Backups-2')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
