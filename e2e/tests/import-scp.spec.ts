import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

// An organization SCP as AWS ships it (everything allowed) plus a deny on deleting backups.
const scp = JSON.stringify(
  {
    Version: '2012-10-17',
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
  expect(consoleErrors).toEqual([]);
});
