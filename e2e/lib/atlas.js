// Page object for the atlas: what a person does and reads, by role and test id.
export class Atlas {
  constructor(page, baseUrl) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  async goto(hash = '#/') {
    await this.page.goto(this.baseUrl + hash);
    await this.ready();
  }

  /** The app has rendered (header and main present). */
  async ready() {
    await this.page.getByRole('searchbox', { name: 'Search assets' }).waitFor();
  }

  searchBox() {
    return this.page.getByRole('searchbox', { name: 'Search assets' });
  }

  async type(text) {
    const box = this.searchBox();
    await box.click();
    await box.fill('');
    await box.pressSequentially(text);
  }

  results() {
    return this.page.getByTestId('result');
  }

  async resultNames() {
    return this.page.locator('[data-testid="result"] .result-name').allInnerTexts();
  }

  async summary() {
    return this.page.getByTestId('results-summary').innerText();
  }

  async assetName() {
    return this.page.getByTestId('asset-name').innerText();
  }

  hash() {
    return new URL(this.page.url()).hash;
  }

  // Viewer pages: comparison, entity, landscape, timeline.

  /** Arm ids of the comparison's columns, in order. */
  async compareArmIds() {
    // The page frame renders at once; in a sharded atlas its body waits for the trial shards,
    // so wait for the body (a table, or the empty state) before reading the arms.
    await this.page
      .locator('[data-testid="compare-page"] :is([data-testid="compare-table"], [data-testid="compare-empty"])')
      .first()
      .waitFor();
    return this.page.locator('[data-testid="compare-arm"]').evaluateAll((els) => els.map((e) => e.dataset.armId));
  }

  /** The arms query parameter of the current URL, as a list. */
  armsInUrl() {
    const query = this.hash().split('?')[1] ?? '';
    const raw = new URLSearchParams(query).get('arms') ?? '';
    return raw.split(',').filter(Boolean);
  }

  trayCount() {
    return this.page.getByTestId('compare-tray-count').innerText();
  }

  /** Click the `<a download>`-style control `testId` and return the downloaded text. */
  async downloadText(testId) {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByTestId(testId).click(),
    ]);
    const fs = await import('node:fs/promises');
    const path = await download.path();
    return { name: download.suggestedFilename(), text: await fs.readFile(path, 'utf8') };
  }

  /** The text of every event shown on the timeline page. */
  async timelineEvents() {
    return this.page.locator('[data-testid="timeline-events"] [data-testid="event"]').allInnerTexts();
  }
}
