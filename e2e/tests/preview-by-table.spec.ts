import { deflateRawSync } from 'node:zlib';
import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

/** A share-link fragment for a spec, made as `policy::share::encode` makes it. */
function fragment(spec: unknown): string {
  return 's1.' + deflateRawSync(Buffer.from(JSON.stringify(spec))).toString('base64url');
}

test('the preview drills down to the selected principal table by table', async ({ page, consoleErrors }) => {
  const noInvoices = {
    Version: '2012-10-17',
    Statement: { Effect: 'Deny', Action: 'dynamodb:CreateBackup', Resource: 'arn:aws:dynamodb:*:*:table/Invoices' },
  };
  const spec = {
    version: 1,
    scope: { tables: { names: ['Orders', 'Invoices'] } },
    principals: [
      {
        kind: 'role',
        name: 'Ops',
        capabilities: ['backup.create'],
        extra_policies: [{ name: 'NoInvoices', json: JSON.stringify(noInvoices) }],
      },
    ],
  };
  const builder = new Builder(page);
  await builder.open(`/#${fragment(spec)}`);
  await expect(builder.banner).toContainText('Opened the shared spec');
  // Across both tables the one denial decides the cell.
  await expect(builder.cell('role Ops', 'Create on-demand backups')).toContainText('Explicitly denied');

  const byTable = builder.preview.getByRole('group', { name: 'Preview by table' });
  await expect(byTable).toHaveCount(0);
  await builder.preview.getByRole('checkbox', { name: 'Show the selected principal table by table' }).check();
  await expect(byTable.getByRole('table')).toContainText('role Ops by table');
  await expect(byTable.getByRole('columnheader')).toHaveText(['Capability', 'Orders', 'Invoices']);

  const create = byTable.getByRole('row', { name: /^Create on-demand backups/ }).getByRole('cell');
  await expect(create).toHaveText(['✓Allowed', '✕Explicitly denied']);
  await expect(create.first()).toHaveClass('allowed');
  await expect(create.last()).toHaveClass('explicit-deny');
  const remove = byTable.getByRole('row', { name: /^Delete backups/ }).getByRole('cell');
  await expect(remove).toHaveText(['–Implicitly denied', '–Implicitly denied']);

  // A tick shows in the drill-down too.
  await builder.capability('Delete backups').check();
  await expect(remove).toHaveText(['✓Allowed', '✓Allowed']);
  expect(consoleErrors).toEqual([]);
});
