import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { folderNamed, mlopsApi } from './hostApi';
import { ADDED_FOLDERS, HOST_FOLDERS, LARGE_CSV_ROWS, PREVIEW_FILES, PREVIEW_PARQUET_ROWS } from './hostWorkspace';

/** Runs Preview Data as the explorer, the palette or the view does; returns the preview document. */
async function preview(argument?: unknown): Promise<{ uri: vscode.Uri; text: string }> {
  const uri = (await vscode.commands.executeCommand('mlops.datasets.preview', argument)) as vscode.Uri | undefined;
  assert.ok(uri instanceof vscode.Uri, 'Preview Data did not open a preview');
  assert.equal(uri.scheme, 'mlops-preview');
  return { uri, text: (await vscode.workspace.openTextDocument(uri)).getText() };
}

// Preview Data from the Datasets view's items is tested with the view, in datasets.test.ts.
describe('Data preview', function () {
  this.timeout(30_000);
  let hostRoot: string;

  before(async () => {
    await mlopsApi();
    hostRoot = path.dirname(folderNamed(HOST_FOLDERS.lab).uri.fsPath);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('previews Parquet files from the explorer, with their declared types and shortened doubles', async () => {
    const { text: features } = await preview(vscode.Uri.file(path.join(hostRoot, ADDED_FOLDERS.demo, 'data', 'features.parquet')));
    assert.match(features, /^features\.parquet — Parquet · 150 rows \(exact\) · 8 columns · 8\.2 KB\n/);
    assert.match(features, /\npetal_ratio {3}float {3}DOUBLE\n/);
    assert.match(features, /\n1 {12}5\.1 .* setosa {9}0\.28 {7}17\.85 {12}7\n/);
    const { text } = await preview(vscode.Uri.file(path.join(hostRoot, PREVIEW_FILES.parquet)));
    assert.match(text, new RegExp(`^items\\.parquet — Parquet · ${PREVIEW_PARQUET_ROWS.toLocaleString('en-US')} rows \\(exact\\) · 9 columns · `));
    assert.match(text, /\nid {6}integer {3}INT64\n/);
    assert.match(text, /\nday {5}date {6}INT32 \(DATE\)\n/);
    assert.match(text, /\ntags {4}array {5}LIST\n/);
    assert.match(text, /\n1 {4}0 {2}item-000000 {3}0\.25 .* {2}true {3}2024-01-01 {2}2024-01-01T00:00:00\.000Z {2}\[\] +0\n/);
  });

  it('estimates the row count of a large CSV without reading it whole', async () => {
    const file = path.join(hostRoot, PREVIEW_FILES.largeCsv);
    const { text } = await preview(vscode.Uri.file(file));
    const match = /^large\.csv — CSV \(comma-separated\) · about ([\d,]+) rows · 3 columns · [\d.]+ MB\n.*\nRead-only preview · (\d+) KB read from disk\n/.exec(text);
    assert.ok(match, text.split('\n').slice(0, 3).join('\n'));
    const estimate = Number(match[1].replace(/,/g, ''));
    assert.ok(Math.abs(estimate - LARGE_CSV_ROWS) / LARGE_CSV_ROWS < 0.05, `estimate ${estimate}`);
    assert.ok(Number(match[2]) * 1024 < fs.statSync(file).size / 4, `read ${match[2]} KB`);
  });

  it('previews the active editor\'s file from the command palette, and shows it again when it changed', async () => {
    const file = path.join(hostRoot, 'previews', 'small.tsv');
    fs.writeFileSync(file, 'name\tcount\nalpha\t1\nbeta\t2\n');
    await vscode.window.showTextDocument(vscode.Uri.file(file));
    const { uri, text } = await preview();
    assert.equal(uri.query, vscode.Uri.file(file).toString());
    assert.match(text, /^small\.tsv — TSV \(tab-separated\) · 2 rows \(exact\) · 2 columns · /);
    assert.match(text, /\nAll 2 rows\n# {2}name {3}count\n/);
    fs.writeFileSync(file, 'name\tcount\nalpha\t1\nbeta\t2\ngamma\t3\n');
    await vscode.window.showTextDocument(vscode.Uri.file(file));
    const again = await preview();
    assert.equal(again.uri.toString(), uri.toString());
    assert.match(again.text, / · 3 rows \(exact\) · /);
  });

  it('says why a file cannot be previewed', async () => {
    const messages: string[] = [];
    const window = vscode.window as unknown as Record<string, unknown>;
    const original = window.showErrorMessage;
    window.showErrorMessage = (message: string) => {
      messages.push(message);
      return Promise.resolve(undefined);
    };
    try {
      const missing = vscode.Uri.file(path.join(hostRoot, 'previews', 'missing.csv'));
      assert.equal(await vscode.commands.executeCommand('mlops.datasets.preview', missing), undefined);
    } finally {
      window.showErrorMessage = original;
    }
    assert.deepEqual(messages, [`Preview Data failed: Cannot preview ${path.join(hostRoot, 'previews', 'missing.csv')}: the file does not exist`]);
  });
});
