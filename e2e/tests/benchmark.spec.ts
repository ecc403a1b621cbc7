import { deflateRawSync } from 'node:zlib';
import { test, expect } from './fixtures/page';
import { Builder } from './fixtures/builder';

/** A share-link fragment for a spec, made as `policy::share::encode` makes it. */
function fragment(spec: unknown): string {
  return 's1.' + deflateRawSync(Buffer.from(JSON.stringify(spec))).toString('base64url');
}

/** The scenario the benchmark was first written with, kept so its figures stay comparable. */
const tenCapabilities = [
  'backup.create', 'backup.view', 'backup.delete', 'restore.backup', 'pitr.view', 'pitr.manage',
  'restore.pitr', 'awsbackup.backup', 'awsbackup.restore', 'awsbackup.view',
];

/**
 * Every capability of `policy::capability`: together they name 59 distinct actions, the whole
 * catalog, short of the issue's 100 per principal.
 */
const everyCapability = [
  ...tenCapabilities, 'export.s3', 'import.s3', 'kms.customer-keys', 'guard.no-backup-delete',
  'guard.no-restore', 'guard.no-pitr-change', 'guard.no-backup-plan-change', 'trust.aws-backup',
  'trust.account',
];

const tables = Array.from({ length: 50 }, (_, index) => `orders-${String(index).padStart(2, '0')}`);

type Scenario = { title: string; tables: string[]; capabilities: (index: number) => string[]; scope?: object };

const issueScope = {
  s3: { bucket: 'orders-exports', prefix: 'dynamodb/' },
  kms_keys: ['arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
};

const scenarios: Scenario[] = [
  {
    title: '10 roles × 10 capabilities × 50 tables',
    tables,
    // Half the roles carry a guardrail, so the matrix holds all three decisions.
    capabilities: (index) => (index % 2 === 0 ? tenCapabilities : [...tenCapabilities, 'guard.no-backup-delete']),
  },
  {
    title: '10 roles × every capability × 50 tables',
    tables,
    capabilities: () => everyCapability,
    scope: issueScope,
  },
  {
    // A preview asks each capability's own actions (13 on every table, 17 once), whatever is
    // ticked: 384 tables make the issue's 50,000 evaluations.
    title: '10 roles × every capability × 384 tables',
    tables: Array.from({ length: 384 }, (_, index) => `orders-${String(index).padStart(3, '0')}`),
    capabilities: () => everyCapability,
    scope: issueScope,
  },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const show = (values: number[]) => values.map((value) => value.toFixed(1)).join(', ');

for (const scenario of scenarios) {
  test(`benchmark: re-render after a tick, ${scenario.title}`, async ({ page, consoleErrors }) => {
    const principals = Array.from({ length: 10 }, (_, index) => ({
      kind: 'role',
      name: `Operator${index}`,
      capabilities: scenario.capabilities(index),
      trusted_accounts: ['210987654321'],
    }));
    const spec = {
      version: 1,
      scope: { accounts: ['123456789012'], regions: ['us-east-1'], tables: { names: scenario.tables }, ...scenario.scope },
      principals,
    };
    test.setTimeout(180_000);
    const builder = new Builder(page);
    const opened = Date.now();
    await page.goto(`/#${fragment(spec)}`);
    await expect(builder.banner).toContainText('Opened the shared spec', { timeout: 60_000 });
    await expect(builder.cell('role Operator9', 'Deny restoring from backups')).toBeVisible({ timeout: 60_000 });
    console.log(`BENCHMARK [${scenario.title}] first render of the spec: ${Date.now() - opened} ms`);

    // Each row of the matrix (the first `table.matrix`; the drill-downs follow it) says how many
    // requests it evaluated. A tick changes the selected role only, so exactly its row is
    // evaluated again and the others are reused.
    const requests = await page.evaluate(() =>
      Array.from(document.querySelector('table.matrix')!.querySelectorAll<HTMLElement>('tbody tr'), (row) =>
        Number(row.dataset.requests),
      ),
    );
    expect(requests).toHaveLength(10);
    const full = requests.reduce((sum, count) => sum + count, 0);
    console.log(
      `BENCHMARK [${scenario.title}] evaluations: full preview ${full.toLocaleString('en')}, ` +
        `one tick ${requests[0].toLocaleString('en')} (the ticked role's row)`,
    );

    const matrix: number[] = [];
    const frame: number[] = [];
    const settled: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      const elapsed = await page.evaluate(async () => {
        const checkbox = document.getElementById('capability-guard-no-restore') as HTMLInputElement;
        const table = document.querySelector('table.matrix') as HTMLElement;
        let last = 0;
        const everywhere = new MutationObserver(() => {
          last = performance.now();
        });
        everywhere.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        // The first change to the matrix, and when the frame that shows it begins (its callbacks
        // run once every task before it, other panels' work included, has finished).
        const changed = new Promise<[number, number]>((resolve) => {
          const observer = new MutationObserver(() => {
            observer.disconnect();
            const seen = performance.now();
            requestAnimationFrame(() => resolve([seen, performance.now()]));
          });
          observer.observe(table, { subtree: true, childList: true, characterData: true, attributes: true });
        });
        const start = performance.now();
        checkbox.click();
        const [seen, frameStart] = await changed;
        // Settled: nothing on the page changed for 300 ms; the time is that of the last change.
        await new Promise<void>((resolve) => {
          let seenLast = -1;
          const poll = () => {
            if (last === seenLast) {
              resolve();
            } else {
              seenLast = last;
              setTimeout(poll, 300);
            }
          };
          setTimeout(poll, 300);
        });
        everywhere.disconnect();
        return [seen - start, frameStart - start, Math.max(last, seen) - start];
      });
      matrix.push(elapsed[0]);
      frame.push(elapsed[1]);
      settled.push(elapsed[2]);
    }
    console.log(
      `BENCHMARK [${scenario.title}] tick → matrix changed: median ${median(matrix).toFixed(1)} ms ` +
        `(${show(matrix)}); → frame showing it starts: median ${median(frame).toFixed(1)} ms ` +
        `(${show(frame)}); → last change on the page: median ${median(settled).toFixed(1)} ms ` +
        `(${show(settled)})`,
    );
    expect(consoleErrors).toEqual([]);
  });
}
