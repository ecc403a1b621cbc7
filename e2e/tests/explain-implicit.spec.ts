import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

// The explanation of an implicit deny says which layer allows nothing: the identity policies, the
// permission boundary or an SCP, and says when the answer hinges on a value the requests lack.

const allowing = (action: string, condition?: object) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: { Effect: 'Allow', Action: action, Resource: '*', ...(condition && { Condition: condition }) },
  });

async function openSaved(builder: Builder, spec: object): Promise<void> {
  await builder.open();
  await builder.page.evaluate((saved) => localStorage.setItem('backstop.spec', saved), JSON.stringify(spec));
  await builder.page.reload();
  await expect(builder.page.getByRole('heading', { level: 1, name: 'Backstop' })).toBeVisible();
}

async function explain(builder: Builder, principal: string, capability: string): Promise<void> {
  const cell = builder.cell(principal, capability);
  await expect(cell).toContainText('Implicitly denied');
  await cell.click();
  await expect(builder.explanation.getByRole('heading', { level: 3 })).toHaveText(`${principal} — ${capability}`);
}

async function expectNoViolations(builder: Builder): Promise<void> {
  const results = await new AxeBuilder({ page: builder.page }).include('section.explain').analyze();
  expect(results.violations.map((violation) => violation.id)).toEqual([]);
}

test('a boundary or an SCP that allows nothing is named, not the capability', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await openSaved(builder, {
    version: 1,
    scps: [
      { name: 'Root', json: allowing('*') },
      { name: 'Workloads', json: allowing('dynamodb:CreateBackup') },
    ],
    principals: [
      { kind: 'role', name: 'Bounded', capabilities: ['backup.create', 'backup.delete'], pasted_boundary: { name: 'Limit', json: allowing('dynamodb:CreateBackup') } },
      { kind: 'role', name: 'Built', capabilities: ['backup.view'], permission_boundary: { capabilities: ['backup.create'] } },
    ],
  });

  await explain(builder, 'role Bounded', 'Delete backups');
  await expect(builder.explanation).toContainText('No permission boundary allows it');
  await expect(builder.explanation.locator('.hint')).toHaveText(
    'Every layer of policy must allow a request; each of these would have to change:',
  );
  await expect(builder.explanation.locator('.changes > li')).toHaveText([
    'the SCP `Workloads` (level 2, root first) allows none of these: add an allow for them to it in AWS Organizations',
    'the pasted boundary `Limit` allows none of these: add an allow for them to it, or remove it',
  ]);
  await expect(builder.explanation).not.toContainText('tick “');
  await expectNoViolations(builder);

  // Within the boundary and every SCP: only the identity policies lack an allow.
  await explain(builder, 'role Built', 'Create on-demand backups');
  await expect(builder.explanation.locator('.hint')).toHaveText(
    'No statement allows every request below: tick “Create on-demand backups” for this principal or a group it belongs to.',
  );
  // Neither ticked, nor within the boundary built from capabilities, nor the SCP: all must change.
  await explain(builder, 'role Built', 'Delete backups');
  await expect(builder.explanation.locator('.changes > li')).toHaveText([
    'the SCP `Workloads` (level 2, root first) allows none of these: add an allow for them to it in AWS Organizations',
    'tick “Delete backups” for this principal or a group it belongs to',
    'the permission boundary `Built-boundary` allows none of these: add “Delete backups” to the capabilities it is built from',
  ]);
  expect(consoleErrors).toEqual([]);
});

test('a condition on a key the requests do not set is said to decide in AWS', async ({ page, consoleErrors }) => {
  const builder = new Builder(page);
  await openSaved(builder, {
    version: 1,
    principals: [
      {
        kind: 'role',
        name: 'Office',
        capabilities: [],
        extra_policies: [{ name: 'FromOffice', json: allowing('dynamodb:CreateBackup', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }) }],
      },
    ],
  });
  await explain(builder, 'role Office', 'Create on-demand backups');
  await expect(builder.explanation.locator('.hint')).toHaveText(
    'No statement allows every request below: tick “Create on-demand backups” for this principal or a group it belongs to.',
  );
  await expect(builder.explanation.locator('.guessed')).toHaveText(
    "This answer depends on `aws:SourceIp`, which the preview's requests do not set; in AWS the real value decides.",
  );
  await expectNoViolations(builder);

  // A cell no condition reads says nothing of it.
  await explain(builder, 'role Office', 'Delete backups');
  await expect(builder.explanation.locator('.guessed')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
