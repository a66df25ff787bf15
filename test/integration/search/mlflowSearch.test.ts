// searchRunsInMemory against MLflow itself: the same runs written to a sqlite store and a file
// store by MLflow's client, searched by MLflow page by page, dumped, and searched again here.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TrackingError } from '../../../src/core/tracking/errors';
import { parseMlflowNumber } from '../../../src/core/tracking/mlflowJson';
import { InvalidSearchError, searchRunsInMemory, type SearchDialect } from '../../../src/core/tracking/search';
import { parseFilterSyntax } from '../../../src/core/tracking/search/filterParser';
import { parseOrderBy } from '../../../src/core/tracking/search/orderBy';
import { parsePageToken } from '../../../src/core/tracking/search/pageToken';
import type { Run } from '../../../src/core/tracking/types';
import { repoRoot, runPython } from '../../support/python';
import { makeTempDir } from '../../support/tempDir';
import { type SearchCase, searchCases, syntaxCases } from './searchCases';

type Page = { runIds: string[]; nextPageToken: string | null } | { error: string };
type Attempt = { value: unknown } | { error: string };

interface StoreAnswers {
  runIdsByIndex: string[];
  runs: Run[];
  searches: Page[][];
}

interface Answers {
  sqlite: StoreAnswers;
  file: StoreAnswers;
  syntax: { filters: Attempt[]; orderBys: Attempt[]; pageTokens: Attempt[] };
}

/** as in searchOracle.py: a token that never runs out (max_results < 0 on the file store) is cut off */
const MAX_PAGES = 20;
const ORACLE = path.join(repoRoot, 'test', 'integration', 'search', 'fixtures', 'searchOracle.py');

function readRun(json: Run): Run {
  const metrics = Object.fromEntries(Object.entries(json.data.metrics).map(([key, value]) => [key, parseMlflowNumber(value)]));
  return { ...json, data: { ...json.data, metrics } };
}

function withRunIds(filter: string, runIds: readonly string[]): string {
  return filter.replace(/\{run:(\d+)\}/g, (_, index: string) => runIds[Number(index)]);
}

function searchPages(store: StoreAnswers, runs: readonly Run[], dialect: SearchDialect, search: SearchCase): Page[] {
  const pages: Page[] = [];
  let token = search.pageToken;
  for (let n = 0; n < MAX_PAGES; n++) {
    try {
      const result = searchRunsInMemory(
        runs,
        {
          experimentIds: [],
          filter: withRunIds(search.filter ?? '', store.runIdsByIndex),
          orderBy: search.orderBy,
          maxResults: search.maxResults ?? 1000,
          pageToken: token,
        },
        dialect,
        `${dialect}-test-store`,
      );
      pages.push({ runIds: result.runs.map((run) => run.info.run_id), nextPageToken: result.nextPageToken });
      if (!result.nextPageToken) break;
      token = result.nextPageToken;
    } catch (error) {
      if (!(error instanceof TrackingError) || error.code !== 'INVALID_ARGUMENT') throw error;
      assert.equal(error.uri, `${dialect}-test-store`);
      pages.push({ error: error.reason });
      break;
    }
  }
  return pages;
}

/**
 * An error message with what cannot be reproduced taken out: Python's exception class, the order
 * in which it prints a set, and where sqlite3 counts a parameter in SQL we do not write.
 */
function comparableMessage(message: string): string {
  return message
    .replace(/^[A-Za-z]+(Exception|Error): /, '')
    .replace(/\n\[SQL: [\s\S]*$/, '')
    .replace(/Error binding parameter \d+:/, 'Error binding parameter:')
    .replace(/\{('[^{}]*')\}/g, (_set, items: string) => `{${items.split(', ').sort().join(', ')}}`);
}

/**
 * MLflow's message when it is MLflow's (MlflowException). Other exceptions leak from Python
 * internals (ast.literal_eval prints an object address); for those only the rejection must match.
 */
function expectedMessage(mlflowError: string, ours: string | undefined): string {
  return mlflowError.startsWith('MlflowException: ') || ours === undefined ? comparableMessage(mlflowError) : ours;
}

/** Pages with run ids as creation indices, for readable diffs. */
function comparable(pages: Page[], runIds: readonly string[], ours?: Page[]): unknown[] {
  return pages.map((page, index) => {
    if (!('error' in page)) return { runs: page.runIds.map((id) => `r${runIds.indexOf(id)}`), next: page.nextPageToken };
    const mine = ours?.[index];
    const oursRejected = mine !== undefined && 'error' in mine ? comparableMessage(mine.error) : undefined;
    return { rejected: ours ? expectedMessage(page.error, oursRejected) : comparableMessage(page.error) };
  });
}

function attempt(action: () => unknown): { value: unknown } | { rejected: string } {
  try {
    const value = action();
    return { value: JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))) };
  } catch (error) {
    assert.ok(error instanceof InvalidSearchError, `unexpected ${String(error)}`);
    return { rejected: comparableMessage(error.message) };
  }
}

function expected(answer: Attempt, ours: { value: unknown } | { rejected: string }): unknown {
  if (!('error' in answer)) return { value: answer.value };
  return { rejected: expectedMessage(answer.error, 'rejected' in ours ? ours.rejected : undefined) };
}

function describeCase(search: SearchCase): string {
  const parts = [JSON.stringify(search.filter ?? '')];
  if (search.orderBy) parts.push(`order_by ${JSON.stringify(search.orderBy)}`);
  if (search.maxResults !== undefined) parts.push(`max_results ${search.maxResults}`);
  if (search.pageToken !== undefined) parts.push(`page_token ${search.pageToken}`);
  return parts.join(', ');
}

describe('run search matches MLflow 3 (sqlite and file stores)', function () {
  this.timeout(600_000);
  let answers: Answers;
  const runs: Partial<Record<SearchDialect, Run[]>> = {};

  before(function () {
    const { dir, cleanup } = makeTempDir('search-oracle');
    try {
      const casesPath = path.join(dir, 'cases.json');
      const answersPath = path.join(dir, 'answers.json');
      fs.writeFileSync(casesPath, JSON.stringify({ searches: searchCases, syntax: syntaxCases }));
      runPython(ORACLE, [dir, casesPath, answersPath]);
      answers = JSON.parse(fs.readFileSync(answersPath, 'utf8')) as Answers;
    } finally {
      cleanup();
    }
    runs.sqlite = answers.sqlite.runs.map(readRun);
    runs.file = answers.file.runs.map(readRun);
  });

  for (const dialect of ['sqlite', 'file'] as const) {
    describe(`${dialect} store`, () => {
      it('dumps the fixture runs, NaN and infinities included', () => {
        assert.equal(runs[dialect]!.length, 40);
        assert.ok(Number.isNaN(runs[dialect]![5].data.metrics.acc));
        // the sqlite store keeps +inf as the largest double
        assert.equal(runs[dialect]![11].data.metrics.acc, dialect === 'file' ? Infinity : Number.MAX_VALUE);
      });

      searchCases.forEach((search, index) => {
        it(describeCase(search), () => {
          const store = answers[dialect];
          const ours = searchPages(store, runs[dialect]!, dialect, search);
          const theirs = comparable(store.searches[index], store.runIdsByIndex, ours);
          assert.deepEqual(comparable(ours, store.runIdsByIndex), theirs);
        });
      });
    });
  }

  describe('filter syntax (SearchUtils.parse_search_filter)', () => {
    syntaxCases.filters.forEach((filter, index) => {
      it(JSON.stringify(filter), () => {
        const ours = attempt(() => parseFilterSyntax(filter).map(({ valueText: _valueText, ...clause }) => clause));
        assert.deepEqual(ours, expected(answers.syntax.filters[index], ours));
      });
    });
  });

  describe('order_by syntax (SearchUtils.parse_order_by_for_search_runs)', () => {
    syntaxCases.orderBys.forEach((orderBy, index) => {
      it(JSON.stringify(orderBy), () => {
        const ours = attempt(() => {
          const { type, key, ascending } = parseOrderBy(orderBy);
          return [type, key, ascending];
        });
        assert.deepEqual(ours, expected(answers.syntax.orderBys[index], ours));
      });
    });
  });

  describe('page tokens (SearchUtils.parse_start_offset_from_page_token)', () => {
    syntaxCases.pageTokens.forEach((token, index) => {
      it(JSON.stringify(token), () => {
        const ours = attempt(() => parsePageToken(token));
        assert.deepEqual(ours, expected(answers.syntax.pageTokens[index], ours));
      });
    });
  });
});
