// Page object for curation: #/curate, a source page's review controls, #/curate/changes.
export class CuratePage {
  constructor(page) {
    this.page = page;
  }

  paste() {
    return this.page.getByRole('textbox', { name: 'Paste a document' });
  }

  title() {
    return this.page.getByRole('textbox', { name: 'Title', exact: true });
  }

  files() {
    return this.page.locator('#curate-files');
  }

  extractButton() {
    return this.page.getByRole('button', { name: 'Extract', exact: true });
  }

  /** Paste `text` (with `title`) and press Extract; resolves once the worker has answered. */
  async extract(text, title = '') {
    await this.paste().fill(text);
    await this.title().fill(title);
    await this.extractButton().click();
    await this.idle();
  }

  /** The worker has answered (no "Working…" shown). */
  async idle() {
    await this.page.waitForFunction(() => !document.querySelector('[data-testid="curate-busy"]'));
  }

  error() {
    return this.page.getByTestId('curate-error');
  }

  notes() {
    return this.page.getByTestId('curate-note');
  }

  /** The fact rows of the source page shown, as their overlay selectors. */
  async factSelectors() {
    await this.page.getByTestId('doc-facts').waitFor();
    return this.page.locator('[data-testid="fact"]').evaluateAll((els) => els.map((e) => e.dataset.selector));
  }

  fact(selector) {
    return this.page.locator(`[data-testid="fact"][data-selector="${selector.replace(/"/g, '\\"')}"]`);
  }

  /** Click Accept or Reject on the fact `selector`, wait for the worker. */
  async review(selector, verdict) {
    await this.fact(selector).getByRole('button', { name: verdict, exact: true }).click();
    await this.idle();
  }

  /** Select `quote` in the document text (first occurrence) and open "Add fact". */
  async selectAndAdd(quote) {
    await this.page.evaluate((q) => {
      const root = document.querySelector('[data-testid="doc-text"]');
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const nodes = [];
      let all = '';
      while (walker.nextNode()) {
        nodes.push([walker.currentNode, all.length]);
        all += walker.currentNode.data;
      }
      const start = all.indexOf(q);
      if (start < 0) throw new Error(`quote not in the document: ${q}`);
      const end = start + q.length;
      const at = (offset) => {
        for (let i = nodes.length - 1; i >= 0; i--) {
          const [node, from] = nodes[i];
          if (from <= offset) return [node, offset - from];
        }
        return [nodes[0][0], 0];
      };
      const range = document.createRange();
      range.setStart(...at(start));
      const [endNode, endOff] = at(end);
      range.setEnd(endNode, endOff);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    }, quote);
    await this.page.getByRole('button', { name: 'Add fact', exact: true }).click();
    await this.page.getByTestId('fact-form').waitFor();
  }

  /** The header's "N local changes" text, or null when there are none. */
  async localChanges() {
    const link = this.page.getByTestId('local-changes');
    return (await link.count()) ? link.innerText() : null;
  }
}
