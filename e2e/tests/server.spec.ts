import { test, expect } from '@playwright/test';

test('health route answers ok as JSON', async ({ request }) => {
  const response = await request.get('/api/v1/health');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/json');
  expect(await response.json()).toMatchObject({ status: 'ok' });
});

test('the page is served with a strict content security policy and no caching', async ({ request }) => {
  const response = await request.get('/');
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(headers['cache-control']).toBe('no-cache');
});
