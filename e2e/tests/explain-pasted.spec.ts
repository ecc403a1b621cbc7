import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

// The explanation of a cell decided by pasted policies: it quotes the deciding statement from the
// text that was evaluated, of the principal explained, and says what would have to change.

const denyDelete = { Effect: 'Deny', Action: 'dynamodb:DeleteBackup', Resource: '*' };
const denyDeleteText = JSON.stringify(denyDelete);
const allowAllButDelete = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, denyDelete],
});
// Its empty `Resource` makes IAM refuse it: the preview leaves it out.
const broken = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'dynamodb:CreateBackup', Resource: '' }],
});

async function openSaved(builder: Builder, spec: object): Promise<void> {
  await builder.open();
  await builder.page.evaluate((saved) => localStorage.setItem('backstop.spec', saved), JSON.stringify(spec));
  await builder.page.reload();
  await expect(builder.page.getByRole('heading', { level: 1, name: 'Backstop' })).toBeVisible();
}

async function explain(builder: Builder, principal: string): Promise<void> {
  const cell = builder.cell(principal, 'Delete backups');
  await expect(cell).toContainText('Explicitly denied');
  await cell.click();
  await expect(builder.explanation.getByRole('heading', { level: 3 })).toHaveText(`${principal} — Delete backups`);
}

test('an SCP deny is quoted from that SCP even when an SCP before it is left out', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await openSaved(builder, {
    version: 1,
    scps: [
      { name: 'Broken', json: broken },
      { name: 'Good', json: allowAllButDelete },
    ],
    principals: [{ kind: 'role', name: 'BackupOperator', capabilities: ['backup.delete'] }],
  });
  await explain(builder, 'role BackupOperator');
  await expect(builder.explanation).toContainText('Denied by statement 2 of service control policy `Good`');
  await expect(builder.explanation.locator('pre.statement').first()).toHaveText(denyDeleteText);
  await expect(builder.explanation.locator('.hint')).toHaveText(
    'An explicit deny wins over every allow: the SCP `Good` denies this; change it in AWS Organizations.',
  );
  expect(consoleErrors).toEqual([]);
});

test('pasted policies, a group’s and a boundary, are quoted with what to change', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  const deny = JSON.stringify({ Version: '2012-10-17', Statement: denyDelete });
  await openSaved(builder, {
    version: 1,
    principals: [
      // Another principal's pasted policy of the same name must not be quoted.
      { kind: 'role', name: 'Other', capabilities: ['backup.delete'], extra_policies: [{ name: 'NoDelete', json: allowAllButDelete }] },
      { kind: 'role', name: 'Ops', capabilities: ['backup.delete'], extra_policies: [{ name: 'NoDelete', json: deny }] },
      { kind: 'group', name: 'Operators', extra_policies: [{ name: 'GroupDeny', json: deny }] },
      { kind: 'user', name: 'ana', capabilities: ['backup.delete'], groups: ['Operators'] },
      { kind: 'role', name: 'Bounded', capabilities: ['backup.delete'], pasted_boundary: { name: 'Limit', json: allowAllButDelete } },
    ],
  });

  await explain(builder, 'role Ops');
  await expect(builder.explanation).toContainText('Denied by statement 1 of identity policy `NoDelete`');
  await expect(builder.explanation.locator('pre.statement').first()).toHaveText(denyDeleteText);
  await expect(builder.explanation.locator('.hint')).toHaveText(
    'An explicit deny wins over every allow: edit or remove the pasted policy `NoDelete`.',
  );

  await explain(builder, 'user ana');
  await expect(builder.explanation).toContainText('Denied by statement 1 of identity policy `Operators/GroupDeny`');
  await expect(builder.explanation.locator('pre.statement').first()).toHaveText(denyDeleteText);
  await expect(builder.explanation.locator('.hint')).toHaveText(
    'An explicit deny wins over every allow: edit or remove the pasted policy `GroupDeny` of group `Operators`.',
  );

  await explain(builder, 'role Bounded');
  await expect(builder.explanation).toContainText('Denied by statement 2 of permission boundary `Limit`');
  // A boundary is evaluated as printed, like the policies shown.
  await expect(builder.explanation.locator('pre.statement').first()).toHaveText(
    '{\n  "Effect": "Deny",\n  "Action": "dynamodb:DeleteBackup",\n  "Resource": "*"\n}',
  );
  await expect(builder.explanation.locator('.hint')).toHaveText(
    'An explicit deny wins over every allow: edit or remove the pasted boundary `Limit`.',
  );
  expect(consoleErrors).toEqual([]);
});

test('when several policies deny, each change is listed', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await openSaved(builder, {
    version: 1,
    scps: [{ name: 'Good', json: allowAllButDelete }],
    principals: [
      { kind: 'role', name: 'Ops', capabilities: ['backup.delete', 'guard.no-backup-delete'], extra_policies: [{ name: 'NoDelete', json: allowAllButDelete }] },
    ],
  });
  await explain(builder, 'role Ops');
  await expect(builder.explanation.locator('.hint')).toHaveText(
    'An explicit deny wins over every allow; each of these denies it and would have to change:',
  );
  await expect(builder.explanation.locator('.changes > li')).toHaveText([
    'the SCP `Good` denies this; change it in AWS Organizations',
    'untick the guardrail “Deny deleting backups”, or add this principal to its break-glass list',
    'edit or remove the pasted policy `NoDelete`',
  ]);
  expect(consoleErrors).toEqual([]);
});

test('an explained statement is marked in its own policy only, though an SCP has the same name', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  const allowDelete = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Other', Effect: 'Allow', Action: 'dynamodb:ListBackups', Resource: '*' },
      { Sid: 'Delete', Effect: 'Allow', Action: 'dynamodb:DeleteBackup', Resource: '*' },
    ],
  });
  const allowAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  await openSaved(builder, {
    version: 1,
    scps: [{ name: 'Same', json: allowAll }],
    principals: [{ kind: 'role', name: 'Ops', capabilities: [], extra_policies: [{ name: 'Same', json: allowDelete }] }],
  });
  const cell = builder.cell('role Ops', 'Delete backups');
  await expect(cell).toContainText('Allowed');
  await cell.click();
  const inline = builder.policies.getByRole('article', { name: 'Inline policy Same' });
  const scp = builder.policies.getByRole('article', { name: 'SCP Same' });
  await expect(inline.locator('mark')).toHaveCount(1);
  await expect(inline.locator('mark')).toContainText(/"Sid":\s*"Delete"/);
  await expect(scp.locator('mark')).toHaveCount(1);
  await expect(scp.locator('mark')).toContainText(/"Action":\s*"\*"/);
  expect(consoleErrors).toEqual([]);
});

test("a group's own guardrail is lifted for its member users, whom break-glass lists name", async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await openSaved(builder, {
    version: 1,
    principals: [{ kind: 'group', name: 'Operators', capabilities: ['backup.delete', 'guard.no-backup-delete'] }],
  });
  await explain(builder, 'group Operators');
  await expect(builder.explanation.locator('.hint')).toHaveText(
    'An explicit deny wins over every allow: untick the guardrail “Deny deleting backups”, or add the member users who need it to its break-glass list (it names users and roles, not groups).',
  );
  expect(consoleErrors).toEqual([]);
});

test('a group is offered no permission boundary, and a saved one can be removed', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await builder.open();
  const boundary = builder.importPanel.getByRole('radio', { name: 'permission boundary' });
  await expect(boundary).toBeEnabled();
  await builder.addPrincipal('Group', 'Admins');
  await expect(boundary).toBeDisabled();
  await expect(builder.importPanel).toContainText('A group has no permission boundary in IAM: set one on each member user.');
  const withGroup = await new AxeBuilder({ page }).include('section.import').analyze();
  expect(withGroup.violations.map((violation) => violation.id)).toEqual([]);
  await builder.editButton('role', 'BackupOperator').click();
  await expect(boundary).toBeEnabled();

  await openSaved(builder, {
    version: 1,
    principals: [
      { kind: 'role', name: 'BackupOperator', capabilities: ['backup.create'] },
      { kind: 'group', name: 'Admins', pasted_boundary: { name: 'Limit', json: allowAllButDelete } },
    ],
  });
  await expect(builder.policies.getByRole('alert')).toHaveText(
    "group `Admins` cannot have a permission boundary: IAM sets permission boundaries on users and roles only; remove the group's boundary, or set it on each member user",
  );
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((violation) => violation.id)).toEqual([]);
  await builder.policies.getByRole('button', { name: 'Remove the permission boundary of group Admins' }).click();
  await expect(builder.policies.getByRole('alert')).toHaveCount(0);
  await expect(builder.cell('role BackupOperator', 'Create on-demand backups')).toContainText('Allowed');
  expect(consoleErrors).toEqual([]);
});
