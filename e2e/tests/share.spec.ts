import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

test('a share link restores the exact state in a fresh browser', async ({ page, browser, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  await builder.capability('Create on-demand backups').check();
  await builder.capability('Deny deleting backups').check();
  await builder.addPrincipal('Service role', 'AwsBackupRole');
  await builder.capability('Let AWS Backup assume this role').check();

  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(link).toMatch(/#s1\.[A-Za-z0-9_-]+$/);
  expect(link.length).toBeLessThan(2000);

  const other = await browser.newContext();
  const second = new Builder(await other.newPage());
  await second.open(link.replace(/^https?:\/\/[^/]+/, ''));
  await expect(second.banner).toContainText('Opened the shared spec');
  await expect(second.editButton('service-role', 'AwsBackupRole')).toBeVisible();
  await second.editButton('role', 'BackupOperator').click();
  await expect(second.capability('Create on-demand backups')).toBeChecked();
  await expect(second.capability('Deny deleting backups')).toBeChecked();
  await other.close();
  expect(consoleErrors).toEqual([]);
});

test('a corrupted link says so and leaves the work untouched', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  await builder.capability('Create on-demand backups').check();

  await builder.open('/#s1.this-link-was-cut');
  await expect(builder.banner).toContainText('This share link could not be opened: the link is damaged');
  await expect(builder.banner).toContainText('Your own work is unchanged');
  await expect(builder.capability('Create on-demand backups')).toBeChecked();

  await builder.open('/#some-other-anchor');
  await expect(builder.banner).toContainText('the link is not a Backstop share link');
  await expect(builder.capability('Create on-demand backups')).toBeChecked();
  expect(consoleErrors).toEqual([]);
});
