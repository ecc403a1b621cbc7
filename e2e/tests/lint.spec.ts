import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

test('the lint panel lists findings and a click marks the place', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  await expect(builder.lint).toContainText('No findings in any policy');
  // A pasted policy with an empty `Resource` (seed 000 examples 2–4 as printed).
  await builder.importPanel.getByRole('textbox', { name: 'Policy JSON' }).fill(
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:ListBackups", "Resource": ""}]}',
  );
  await expect(builder.importPanel).toContainText('empty-resource');
  // `dynamodb:Create*` already covers `dynamodb:CreateBackup`.
  const extra = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["dynamodb:CreateBackup", "dynamodb:Create*"], "Resource": "*"}]}';
  await builder.importPanel.getByRole('textbox', { name: 'Policy JSON' }).fill(extra);
  await builder.importPanel.getByRole('button', { name: 'Attach to the selected principal' }).click();

  const finding = builder.lint.getByRole('button').first();
  await expect(finding).toContainText('redundant-action');
  await expect(finding).toContainText('BackupOperator-imported-1');
  await finding.click();
  await expect(builder.policies.locator('mark')).toHaveCount(1);
  expect(consoleErrors).toEqual([]);
});
