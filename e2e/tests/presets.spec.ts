import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

test('every preset loads and builds', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  const menu = page.getByRole('combobox', { name: 'Presets' });
  const titles = (await menu.locator('option').allInnerTexts()).filter((title) => title !== 'Load a preset…');
  expect(titles.length).toBeGreaterThan(10);
  for (const title of titles) {
    await builder.loadPreset(title);
    await expect(builder.banner).toContainText(`Loaded the preset “${title}”`);
    await expect(builder.policies.getByRole('alert')).toHaveCount(0);
    await expect(builder.policies.locator('pre').first()).toBeVisible();
    await expect(builder.preview.locator('tbody tr').first()).toBeVisible();
  }
  expect(consoleErrors).toEqual([]);
});
