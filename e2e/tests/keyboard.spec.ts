import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

/** Presses Tab until the focused element matches, failing after a bound so a trap cannot hang. */
async function tabTo(page: import('@playwright/test').Page, matches: (name: string) => boolean): Promise<void> {
  for (let step = 0; step < 200; step += 1) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element) return '';
      const label = element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null;
      return element.getAttribute('aria-label') ?? label ?? element.textContent ?? '';
    });
    if (matches(name.trim())) return;
  }
  throw new Error('never reached the element by Tab');
}

test('keyboard only: add a principal, tick a capability, explain a cell', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();

  await tabTo(page, (name) => name === 'New principal name');
  await page.keyboard.type('Auditors');
  await page.keyboard.press('Enter');
  await expect(builder.editButton('role', 'Auditors')).toHaveAttribute('aria-pressed', 'true');

  await tabTo(page, (name) => name === 'List and describe backups');
  await page.keyboard.press('Space');
  await expect(builder.capability('List and describe backups')).toBeChecked();

  await tabTo(page, (name) => name.startsWith('role Auditors: List and describe backups'));
  await page.keyboard.press('Enter');
  await expect(builder.explanation.getByRole('heading', { level: 3 })).toHaveText('role Auditors — List and describe backups');
  expect(consoleErrors).toEqual([]);
});
