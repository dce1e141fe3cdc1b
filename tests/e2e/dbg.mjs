import { startServer, launchBrowser, newPage, PHONE, axeViolations, login } from './helpers.mjs';
import { AxeBuilder } from '@axe-core/playwright';
const s = await startServer(); const b = await launchBrowser();
const page = await newPage(b, s.url, PHONE);
await login(page, 'worker');
for (const p of ['/', '/nodes/4', '/nodes/4/people']) {
  let t = Date.now(); await page.goto(p); const nav = Date.now() - t;
  t = Date.now(); await axeViolations(page); const ax = Date.now() - t;
  t = Date.now(); await new AxeBuilder({ page }).withTags(['wcag2a','wcag2aa','wcag21a','wcag21aa']).disableRules(['color-contrast']).analyze(); const ax2 = Date.now() - t;
  t = Date.now(); await new AxeBuilder({ page }).withRules(['color-contrast']).analyze(); const ax3 = Date.now() - t;
  console.log(p, nav, ax, ax2, ax3);
}
await b.close(); await s.stop();
