import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

// Allows creating backups, but its second statement's `Resource` is empty: IAM refuses the whole
// policy, so the preview must not show its grant.
const broken = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'dynamodb:CreateBackup', Resource: '*' },
    { Effect: 'Allow', Action: 'dynamodb:DeleteBackup', Resource: '' },
  ],
});

test('a pasted policy with errors is left out of the preview, and the page says so', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  // The import panel attaches only what parses without errors; a saved or shared spec can hold
  // anything, so this spec comes the way a saved one does.
  const spec = {
    version: 1,
    principals: [{ kind: 'role', name: 'BackupOperator', capabilities: [], extra_policies: [{ name: 'Broken', json: broken }] }],
  };
  await page.evaluate((saved) => localStorage.setItem('backstop.spec', saved), JSON.stringify(spec));
  await page.reload();

  await expect(builder.policies.getByRole('article', { name: 'Inline policy Broken' })).toContainText(
    'Not in force: it has 1 error, so IAM would refuse it; the preview leaves it out.',
  );
  await expect(builder.cell('role BackupOperator', 'Create on-demand backups')).toContainText('Implicitly denied');
  const notice = builder.preview.getByRole('status');
  await expect(notice).toHaveText(
    'Not in the preview: inline policy `Broken` of role BackupOperator has 1 error, so IAM would refuse it. Show the errors in Lint',
  );

  await notice.getByRole('button', { name: 'Show the errors in Lint' }).click();
  const focused = builder.lint.locator(':focus');
  await expect(focused).toContainText('error empty-resource: `Resource` is empty at Broken of role BackupOperator');

  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(' ')}`)).toEqual([]);
  }

  // Removing the policy brings the preview back to what is in force, and the notice goes.
  await builder.policies.getByRole('button', { name: 'Remove Broken' }).click();
  await expect(notice).toBeEmpty();
  expect(consoleErrors).toEqual([]);
});

test('an attached policy whose `Sid` IAM refuses is left out of the preview', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  const spaced = JSON.stringify({
    Version: '2012-10-17',
    Statement: { Sid: 'create backups', Effect: 'Allow', Action: 'dynamodb:CreateBackup', Resource: '*' },
  });
  await builder.importPanel.getByRole('textbox', { name: 'Policy JSON' }).fill(spaced);
  await expect(builder.importPanel).toContainText('AWS would refuse this policy as it is');
  await builder.importPanel.getByRole('button', { name: 'Attach to the selected principal' }).click();
  await expect(builder.importPanel).toContainText('Attached as inline policy `BackupOperator-imported-1`');

  await expect(builder.cell('role BackupOperator', 'Create on-demand backups')).toContainText('Implicitly denied');
  await expect(builder.preview.getByRole('status')).toContainText(
    'Not in the preview: inline policy `BackupOperator-imported-1` of role BackupOperator has 1 error, so IAM would refuse it.',
  );
  expect(consoleErrors).toEqual([]);
});
