import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

// An organization SCP as AWS ships it (everything allowed) plus a deny on deleting backups; it
// has no `Version`, which the lint panel reports.
const scp = JSON.stringify(
  {
    Statement: [
      { Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' },
      { Sid: 'NoBackupDelete', Effect: 'Deny', Action: 'dynamodb:DeleteBackup', Resource: '*' },
    ],
  },
  null,
  2,
);

test('an imported SCP that denies deleting backups shows in the matrix', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  await builder.capability('Delete backups').check();
  await expect(builder.cell('role BackupOperator', 'Delete backups')).toContainText('Allowed');

  await builder.importPanel.getByRole('textbox', { name: 'Policy JSON' }).fill(scp);
  await builder.importPanel.getByRole('radio', { name: 'SCP' }).check();
  await builder.importPanel.getByRole('button', { name: 'Attach to every principal' }).click();
  await expect(builder.importPanel).toContainText('Attached as SCP `imported-scp-1`');

  await expect(builder.cell('role BackupOperator', 'Delete backups')).toContainText('Explicitly denied');
  await expect(builder.policies).toContainText('SCP imported-scp-1');

  await builder.cell('role BackupOperator', 'Delete backups').click();
  await expect(builder.explanation).toContainText(
    'Denied by statement `NoBackupDelete` of service control policy `imported-scp-1`',
  );
  const quoted = builder.explanation.locator('pre.statement', { hasText: 'NoBackupDelete' }).first();
  await expect(quoted).toContainText('"Sid": "NoBackupDelete"');
  await expect(quoted).toContainText('"Effect": "Deny"');
  await expect(quoted).toContainText('"Action": "dynamodb:DeleteBackup"');

  await expect(builder.lint.getByRole('button', { name: /old-version/ })).toContainText('at SCP imported-scp-1');
  expect(consoleErrors).toEqual([]);
});
