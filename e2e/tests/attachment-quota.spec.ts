import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

const operator = ['backup.create', 'backup.view', 'restore.backup', 'pitr.view', 'restore.pitr', 'guard.no-backup-delete'];
const tables = Array.from({ length: 100 }, (_, index) => `orders-${String(index).padStart(3, '0')}`);

test('more managed policies than IAM attaches by default are said next to them, with a way out', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  const spec = {
    version: 1,
    scope: { accounts: ['123456789012'], regions: ['us-east-1'], tables: { names: tables } },
    principals: [{ kind: 'role', name: 'BackupOperator', capabilities: operator }],
  };
  await page.evaluate((saved) => localStorage.setItem('backstop.spec', saved), JSON.stringify(spec));
  await page.reload();

  const notice = builder.policies.getByRole('status').filter({ hasText: 'managed policies' });
  await expect(notice).toHaveText(
    /^role `BackupOperator` needs (1[1-9]|[2-9]\d) managed policies, more than the 10 IAM attaches to one role unless the account's quota was raised: name the tables by prefix/,
  );
  const count = Number((await notice.textContent())!.match(/needs (\d+) managed/)![1]);
  expect(await builder.policies.getByRole('article', { name: /^Identity policy / }).count()).toBe(count);

  // The way out it names: the same tables by prefix fit in one policy, and the notice goes.
  await builder.scope.getByRole('radio', { name: 'Tables starting with' }).check();
  const prefixes = builder.scope.getByRole('textbox', { name: 'Table names or prefixes' });
  await prefixes.fill('orders-');
  await prefixes.press('Enter');
  await expect(builder.policies.getByRole('article', { name: /^Identity policy / })).toHaveCount(1);
  await expect(notice).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
