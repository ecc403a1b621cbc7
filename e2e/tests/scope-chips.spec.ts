import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

test('table chips refuse invalid names with a clear message and scope the policy', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  await builder.capability('Create on-demand backups').check();

  await builder.scope.getByRole('radio', { name: 'Tables named' }).check();
  const tables = builder.scope.getByRole('textbox', { name: 'Table names or prefixes' });
  await tables.fill('ab');
  await tables.press('Enter');
  await expect(builder.scope.getByRole('status').filter({ hasText: 'table name' })).toHaveText(
    "table name `ab` does not follow DynamoDB's naming rules: a table name is 3 to 255 characters among `A-Z`, `a-z`, `0-9`, `_`, `.` and `-`",
  );
  await expect(tables).toHaveAttribute('aria-invalid', 'true');
  await expect(tables).toHaveValue('ab');

  await tables.fill('Orders, OrderItems');
  await builder.scope.getByRole('button', { name: 'Add Table names or prefixes' }).click();
  await expect(builder.scope.getByRole('button', { name: 'Remove Orders', exact: true })).toBeVisible();
  await expect(builder.scope.getByRole('button', { name: 'Remove OrderItems' })).toBeVisible();
  await expect(tables).toHaveAttribute('aria-invalid', 'false');

  const accounts = builder.scope.getByRole('textbox', { name: 'Accounts' });
  await accounts.fill('12345');
  await accounts.press('Enter');
  await expect(builder.scope).toContainText('account id `12345` is not 12 digits');
  await accounts.fill('123456789012');
  await accounts.press('Enter');
  const regions = builder.scope.getByRole('textbox', { name: 'Regions' });
  await regions.fill('us-east-1');
  await regions.press('Enter');

  const policy = await builder.firstPolicy();
  expect(policy.Statement[0].Resource).toEqual([
    'arn:aws:dynamodb:us-east-1:123456789012:table/OrderItems',
    'arn:aws:dynamodb:us-east-1:123456789012:table/Orders',
  ]);

  await builder.scope.getByRole('button', { name: 'Remove OrderItems' }).click();
  expect((await builder.firstPolicy()).Statement[0].Resource).toBe('arn:aws:dynamodb:us-east-1:123456789012:table/Orders');
  expect(consoleErrors).toEqual([]);
});
