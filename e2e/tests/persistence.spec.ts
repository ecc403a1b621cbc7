import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

test('a reload keeps the work', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  await builder.capability('List and describe backups').check();
  await builder.addPrincipal('User', 'ana');
  await page.reload();
  await expect(builder.editButton('user', 'ana')).toBeVisible();
  await builder.editButton('role', 'BackupOperator').click();
  await expect(builder.capability('List and describe backups')).toBeChecked();
  expect(consoleErrors).toEqual([]);
});

test('undo and redo step through edits, by button and by keyboard', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  const undo = page.getByRole('button', { name: 'Undo' });
  const redo = page.getByRole('button', { name: 'Redo' });
  await expect(undo).toBeDisabled();
  await builder.capability('Create on-demand backups').check();
  await builder.capability('Delete backups').check();

  await undo.click();
  await expect(builder.capability('Delete backups')).not.toBeChecked();
  await expect(builder.capability('Create on-demand backups')).toBeChecked();
  await redo.click();
  await expect(builder.capability('Delete backups')).toBeChecked();

  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(builder.capability('Create on-demand backups')).not.toBeChecked();
  await expect(undo).toBeDisabled();
  await page.keyboard.press('Control+Shift+z');
  await expect(builder.capability('Create on-demand backups')).toBeChecked();
  expect(consoleErrors).toEqual([]);
});
