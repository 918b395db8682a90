// Page object for "What's new" (#/changes): the groups, their changes and the kind filters.
export class ChangesPage {
  constructor(page) {
    this.page = page;
  }

  /** Wait for the page (its summary line) to render. */
  async ready() {
    await this.page.getByTestId('changes-summary').waitFor();
  }

  /** Asset names of the groups, in order. */
  async groupNames() {
    return this.page.locator('[data-testid="change-group"] h2 a').allInnerTexts();
  }

  group(assetId) {
    return this.page.locator(`[data-testid="change-group"][data-asset="${assetId}"]`);
  }

  /** The kinds (data-kind) of every change shown. */
  async kinds() {
    return this.page.locator('[data-testid="change"]').evaluateAll((els) => els.map((e) => e.dataset.kind));
  }

  /** The summary lines of the changes of one asset's group. */
  async summaries(assetId) {
    return this.group(assetId).locator('.change-summary').allInnerTexts();
  }

  /** Click a kind filter: all, regulatory, deal, result or new-asset. */
  async filter(kind) {
    await this.page.getByTestId(`changes-filter-${kind}`).click();
    await this.page.waitForFunction((k) => {
      const a = document.querySelector(`[data-testid="changes-filter-${k}"]`);
      return a && a.getAttribute('aria-current') === 'page';
    }, kind);
  }
}
