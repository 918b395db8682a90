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
}
