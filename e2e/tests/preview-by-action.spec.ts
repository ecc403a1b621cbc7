import { deflateRawSync } from 'node:zlib';
import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

/** A share-link fragment for a spec, made as `policy::share::encode` makes it. */
function fragment(spec: unknown): string {
  return 's1.' + deflateRawSync(Buffer.from(JSON.stringify(spec))).toString('base64url');
}

test('the preview drills down to the selected principal action by action', async ({ page, consoleErrors }) => {
  const noDescribe = {
    Version: '2012-10-17',
    Statement: { Effect: 'Deny', Action: 'dynamodb:DescribeBackup', Resource: '*' },
  };
  const spec = {
    version: 1,
    scope: { tables: { names: ['Orders', 'Invoices'] } },
    principals: [
      {
        kind: 'role',
        name: 'Ops',
        capabilities: ['backup.view'],
        extra_policies: [{ name: 'NoDescribe', json: JSON.stringify(noDescribe) }],
      },
    ],
  };
  const builder = new Builder(page);
  await builder.open(`/#${fragment(spec)}`);
  await expect(builder.banner).toContainText('Opened the shared spec');
  // One denied action decides the whole cell.
  await expect(builder.cell('role Ops', 'List and describe backups')).toContainText('Explicitly denied');

  const byAction = builder.preview.getByRole('group', { name: 'Preview by action' });
  await expect(byAction).toHaveCount(0);
  await builder.preview.getByRole('checkbox', { name: 'Show the selected principal action by action' }).check();
  await expect(byAction.getByRole('table')).toContainText('role Ops by action on Orders');
  await expect(byAction.getByRole('columnheader')).toHaveText(['Capability', 'Action', 'Resource', 'Decision']);

  const list = byAction.getByRole('row', { name: /^List and describe backups dynamodb:ListBackups/ });
  await expect(list.getByRole('cell')).toHaveText(['dynamodb:ListBackups', '*', '✓Allowed']);
  await expect(list.getByRole('cell').last()).toHaveClass('allowed');
  const describe = byAction.getByRole('row', { name: /^List and describe backups dynamodb:DescribeBackup/ });
  await expect(describe.getByRole('cell').last()).toHaveText('✕Explicitly denied');
  await expect(describe.getByRole('cell').last()).toHaveClass('explicit-deny');
  await expect(describe.getByRole('cell').nth(1)).toContainText('table/Orders/backup/');
  const create = byAction.getByRole('row', { name: /^Create on-demand backups dynamodb:CreateBackup/ });
  await expect(create.getByRole('cell').last()).toHaveText('–Implicitly denied');
  await expect(create.getByRole('cell').last()).toHaveClass('implicit-deny');

  // A tick shows in the drill-down too.
  await builder.capability('Create on-demand backups').check();
  await expect(create.getByRole('cell').last()).toHaveText('✓Allowed');

  // Unticking the box hides the list again.
  await builder.preview.getByRole('checkbox', { name: 'Show the selected principal action by action' }).uncheck();
  await expect(byAction).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
