// Lighthouse over many pages in one Node process with one Chrome.
//
//   CHROME_PATH=/usr/bin/chromium node tests/tools/lighthouse-pages.mjs URL...
//
// Prints one JSON array: for each URL its category scores (0-100) and the audits that
// count towards a score and did not pass (score below 1, with a weight in their
// category), or the run's error. Mobile form factor and simulated throttling, as
// Lighthouse does by default. Chrome starts without background networking: the tests
// run offline and Chrome must not try to reach another host.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
// Audits that no score counts: the pictures of the page, and the back/forward cache
// test, which leaves the page and comes back. Skipped to keep each run short.
const UNSCORED_AUDITS = [
  'screenshot-thumbnails',
  'final-screenshot',
  'full-page-screenshot',
  'bf-cache',
];
// A page counts as loaded after half a second without network or CPU work rather than
// Lighthouse's full second (a static page has nothing late to wait for; the scores are
// simulated from what was loaded, so they stay the same); no blank page first.
const SETTINGS = {
  skipAudits: UNSCORED_AUDITS,
  disableFullPageScreenshot: true,
  skipAboutBlank: true,
  pauseAfterFcpMs: 500,
  pauseAfterLoadMs: 500,
  networkQuietThresholdMs: 500,
  cpuQuietThresholdMs: 500,
};

function failingAudits(lhr) {
  const failing = [];
  for (const name of CATEGORIES) {
    for (const ref of lhr.categories[name].auditRefs) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        failing.push({
          category: name,
          id: ref.id,
          score: audit.score,
          title: audit.title,
          displayValue: audit.displayValue ?? '',
        });
      }
    }
  }
  return failing;
}

async function main(urls) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH,
    chromeFlags: CHROME_FLAGS,
  });
  const results = [];
  try {
    for (const url of urls) {
      const started = Date.now();
      const run = await lighthouse(
        url,
        {port: chrome.port, logLevel: 'error', output: 'json', onlyCategories: CATEGORIES},
        {extends: 'lighthouse:default', settings: SETTINGS},
      );
      const lhr = run.lhr;
      const scores = {};
      for (const name of CATEGORIES) {
        const score = lhr.categories[name].score;
        scores[name] = score === null ? null : Math.round(score * 100);
      }
      results.push({
        url,
        scores,
        failing: failingAudits(lhr),
        runtimeError: lhr.runtimeError?.message ?? null,
        seconds: (Date.now() - started) / 1000,
      });
    }
  } finally {
    await chrome.kill();
  }
  process.stdout.write(JSON.stringify(results, null, 1) + '\n');
}

await main(process.argv.slice(2));
