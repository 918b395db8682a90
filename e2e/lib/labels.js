// Page object for what the endpoint labels and the trial card show: endpoints as words with
// their code in the tooltip, and a registry record's outcome measures.

/** Every endpoint shown inside `scope`: its visible label, its title and its data-code. */
export async function endpoints(scope) {
  return scope.getByTestId('endpoint').evaluateAll((els) =>
    els.map((e) => ({ label: e.innerText.trim(), title: e.getAttribute('title'), code: e.dataset.code })),
  );
}

/** The label shown for `code` inside `scope` (the first one), checking its tooltip. */
export async function labelOf(scope, code) {
  const el = scope.locator(`[data-testid="endpoint"][data-code="${code}"]`).first();
  await el.waitFor();
  // As a reader sees it: a source page's list of facts is not rendered while off screen
  // (`content-visibility: auto`), and has no innerText until the frame after it scrolls in.
  await el.scrollIntoViewIfNeeded();
  await el.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return { label: (await el.innerText()).trim(), title: await el.getAttribute('title') };
}

export class TrialCard {
  constructor(page, index = 0) {
    this.page = page;
    this.card = page.getByTestId('trial').nth(index);
  }

  outcomes() {
    return this.card.getByTestId('outcome-measures');
  }

  /** Whether the outcome measures are expanded. */
  async outcomesOpen() {
    return this.outcomes().evaluate((d) => d.open);
  }

  /** Expand the outcome measures by their summary, as a reader would. */
  async openOutcomes() {
    await this.outcomes().locator('summary').click();
    await this.page.waitForFunction((el) => el.open, await this.outcomes().elementHandle());
  }

  /** Each outcome measure: kind, title and time frame as shown. */
  async outcomeMeasures() {
    return this.outcomes().getByTestId('outcome-measure').evaluateAll((els) =>
      els.map((li) => ({
        kind: li.dataset.kind,
        title: li.querySelector('.outcome-title')?.innerText.trim() ?? '',
        timeFrame: li.querySelector('[data-testid="outcome-time"]')?.innerText.replace(/^Time frame:\s*/, '').trim() ?? '',
      })),
    );
  }

  startingDose() {
    return this.card.getByTestId('starting-dose').innerText();
  }
}
