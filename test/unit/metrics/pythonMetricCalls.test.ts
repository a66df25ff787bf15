import * as assert from 'node:assert/strict';
import { findMetricCalls, type MetricCall } from '../../../src/core/metrics/pythonMetricCalls';

const keys = (source: string): string[] => findMetricCalls(source).flatMap((c) => c.keys.map((k) => k.key));

/** `[line, character]` of each key literal's start and end. */
const keyRanges = (call: MetricCall) => call.keys.map((k) => [[k.range.start.line, k.range.start.character], [k.range.end.line, k.range.end.character]]);

describe('pythonMetricCalls', () => {
  describe('call forms', () => {
    it('finds mlflow.log_metric with a positional key', () => {
      const [call] = findMetricCalls('import mlflow\nmlflow.log_metric("train/loss", 0.5, step=3)\n');
      assert.equal(call.function, 'log_metric');
      assert.deepEqual(call.keys.map((k) => k.key), ['train/loss']);
      assert.deepEqual(keyRanges(call), [[[1, 18], [1, 30]]]);
      assert.deepEqual(call.nameRange, { start: { line: 1, character: 7 }, end: { line: 1, character: 17 } });
      assert.deepEqual(call.range, { start: { line: 1, character: 7 }, end: { line: 1, character: 44 } });
      assert.equal(call.dynamicKeys, 0);
    });

    it('finds the key keyword in any position', () => {
      assert.deepEqual(keys('mlflow.log_metric(key="acc", value=0.9)'), ['acc']);
      assert.deepEqual(keys('mlflow.log_metric(value=0.9, step=1, key="acc")'), ['acc']);
      assert.deepEqual(keys('client.log_metric(run_id=rid, key="acc", value=1)'), ['acc']);
    });

    it('reads the key after the run id for MlflowClient', () => {
      assert.deepEqual(keys('client.log_metric(run.info.run_id, "val/loss", 0.2, step=epoch)'), ['val/loss']);
      assert.deepEqual(keys('MlflowClient().log_metric(run_id, "loss", 1.0)'), ['loss']);
      assert.deepEqual(keys('mlflow.tracking.MlflowClient(tracking_uri=uri).log_metric(rid, "f1", 0.3)'), ['f1']);
      assert.deepEqual(keys('self.client.log_metric(self.run_id, "auc", auc)'), ['auc']);
    });

    it('knows the module under another name and the functions imported from it', () => {
      const source = [
        'import numpy as np, mlflow as mf',
        'from mlflow import log_metric as lm, log_metrics',
        'from mlflow.tracking import MlflowClient',
        'mf.log_metric("a", 1)',
        'lm("b", 2)',
        'log_metric("c", 3)',
        'log_metrics({"d": 4})',
        'mlflow.tracking.fluent.log_metric("e", 5)',
      ].join('\n');
      assert.deepEqual(keys(source), ['a', 'b', 'c', 'd', 'e']);
    });

    it('finds log_metrics dict keys, each with its own range', () => {
      const source = 'mlflow.log_metrics(\n    {\n        "val/loss": vl,\n        \'accuracy\': acc,\n    },\n    step=epoch,\n)\n';
      const [call] = findMetricCalls(source);
      assert.equal(call.function, 'log_metrics');
      assert.deepEqual(call.keys.map((k) => k.key), ['val/loss', 'accuracy']);
      assert.deepEqual(keyRanges(call), [[[2, 8], [2, 18]], [[3, 8], [3, 18]]]);
      assert.deepEqual(call.range.end, { line: 6, character: 1 });
    });

    it('reads log_metrics(metrics=...) and dict(name=...)', () => {
      assert.deepEqual(keys('mlflow.log_metrics(step=1, metrics={"x": 1})'), ['x']);
      const [call] = findMetricCalls('mlflow.log_metrics(dict(precision=p, recall=r), step=2)');
      assert.deepEqual(call.keys.map((k) => k.key), ['precision', 'recall']);
      assert.deepEqual(keyRanges(call)[0], [[0, 24], [0, 33]]);
    });

    it('finds nested calls and several calls on a line', () => {
      assert.deepEqual(keys('mlflow.log_metric("a", f(mlflow.log_metric("b", 1))); mlflow.log_metrics({"c": 1})'), ['a', 'b', 'c']);
    });

    it('ignores definitions, references and unrelated names', () => {
      const source = [
        'def log_metric(name, value):',
        '    pass',
        'class log_metrics(Base): pass',
        'f = mlflow.log_metric',
        'mlflow.log_param("lr", 0.1)',
        'my_log_metric("x", 1)',
        'log_metric_later("y", 2)',
      ].join('\n');
      assert.deepEqual(findMetricCalls(source), []);
    });
  });

  describe('keys known only at run time', () => {
    it('skips f-strings with fields, variables, concatenation and computed keys', () => {
      const source = [
        'mlflow.log_metric(f"loss_{fold}", 1)',
        'mlflow.log_metric(name, 1)',
        'mlflow.log_metric("val/" + name, 1)',
        'mlflow.log_metric(prefix + "loss", 1)',
        'mlflow.log_metric("loss".upper(), 1)',
        'mlflow.log_metric("{}/loss".format(split), 1)',
        'mlflow.log_metric(*args)',
        'mlflow.log_metric(**kwargs)',
        'mlflow.log_metric(b"loss", 1)',
        'mlflow.log_metrics(metrics)',
        'mlflow.log_metrics({k: v for k, v in scores.items()})',
      ].join('\n');
      const calls = findMetricCalls(source);
      assert.equal(calls.length, 11);
      assert.deepEqual(calls.flatMap((c) => c.keys), []);
      assert.ok(calls.every((c) => c.dynamicKeys === 1));
    });

    it('keeps the literal keys of a dict that also has computed ones', () => {
      const [call] = findMetricCalls('mlflow.log_metrics({"loss": l, f"acc_{i}": a, name: n, **extra, "f1": f})');
      assert.deepEqual(call.keys.map((k) => k.key), ['loss', 'f1']);
      assert.equal(call.dynamicKeys, 3);
    });

    it('accepts f-strings without fields and implicitly joined literals', () => {
      assert.deepEqual(keys('mlflow.log_metric(f"loss", 1)'), ['loss']);
      assert.deepEqual(keys('mlflow.log_metric(f"{{raw}}", 1)'), ['{raw}']);
      const [call] = findMetricCalls('mlflow.log_metric(("val/"\n    "loss"), 1)');
      assert.deepEqual(call.keys.map((k) => k.key), ['val/loss']);
      assert.deepEqual(keyRanges(call), [[[0, 19], [1, 10]]]);
    });
  });

  describe('strings, comments and line structure', () => {
    it('ignores calls inside comments and strings', () => {
      const source = [
        '# mlflow.log_metric("commented", 1)',
        'doc = """',
        'mlflow.log_metric("in_docstring", 1)',
        '"""',
        "s = 'mlflow.log_metric(\"quoted\", 1)'",
        'mlflow.log_metric("real", 1)  # mlflow.log_metric("trailing", 1)',
      ].join('\n');
      assert.deepEqual(keys(source), ['real']);
    });

    it('decodes quotes, prefixes and escapes', () => {
      assert.deepEqual(keys("mlflow.log_metric('single', 1)"), ['single']);
      assert.deepEqual(keys('mlflow.log_metric("""triple""", 1)'), ['triple']);
      assert.deepEqual(keys("mlflow.log_metric('''tri\nple''', 1)"), ['tri\nple']);
      assert.deepEqual(keys('mlflow.log_metric(r"raw\\d", 1)'), ['raw\\d']);
      assert.deepEqual(keys('mlflow.log_metric(R"a\\"b", 1)'), ['a\\"b']);
      assert.deepEqual(keys('mlflow.log_metric(u"uni", 1)'), ['uni']);
      assert.deepEqual(keys('mlflow.log_metric("tab\\there \\"q\\" \\x41\\u00e9\\101", 1)'), ['tab\there "q" Aé' + 'A']);
      assert.deepEqual(keys('mlflow.log_metric("un\\known", 1)'), ['un\\known']);
      assert.deepEqual(keys('mlflow.log_metric("\\N{BULLET}", 1)'), []);
      assert.deepEqual(keys('mlflow.log_metric("line\\\ncontinued", 1)'), ['linecontinued']);
    });

    it('does not end a string at a quote inside another kind of quote', () => {
      assert.deepEqual(keys('x = "it\'s"; mlflow.log_metric(\'say "hi"\', 1)'), ['say "hi"']);
      assert.deepEqual(keys('x = """a " b \'\' c"""; mlflow.log_metric("k", 1)'), ['k']);
    });

    it('skips f-string fields holding strings, brackets and format specs', () => {
      const source = [
        'print(f"{d["key"]} {x:\'>10} {y!r:{w}} {{mlflow.log_metric(\\"no\\", 1)}} {z[\'a\'] if z else \')\'}")',
        'mlflow.log_metric("after_fstring", 1)',
      ].join('\n');
      assert.deepEqual(keys(source), ['after_fstring']);
    });

    it('follows line continuations and calls split over lines', () => {
      const source = 'mlflow \\\n  .log_metric( \\\n  "cont",\n  1)\n';
      const [call] = findMetricCalls(source);
      assert.deepEqual(call.keys.map((k) => k.key), ['cont']);
      assert.deepEqual(keyRanges(call), [[[2, 2], [2, 8]]]);
      assert.deepEqual(call.nameRange.start, { line: 1, character: 3 });
    });

    it('counts CRLF and CR line ends as editors do, and columns in UTF-16 units', () => {
      const [call] = findMetricCalls('x = "😀"\r\ny = 1\rmlflow.log_metric("é", 1)');
      assert.deepEqual(keyRanges(call), [[[2, 18], [2, 21]]]);
      const [emoji] = findMetricCalls('"😀"; mlflow.log_metric("k", 1)');
      assert.deepEqual(keyRanges(emoji), [[[0, 24], [0, 27]]]);
    });

    it('matches nested parentheses and unwraps a parenthesized key', () => {
      assert.deepEqual(keys('mlflow.log_metric((("paren")), float(np.mean([a, (b)])), step=int((i)))'), ['paren']);
      assert.deepEqual(keys('mlflow.log_metric(("tuple", "pair"), 1)'), []);
    });
  });

  describe('code still being typed', () => {
    it('skips an unclosed call and keeps the calls inside it', () => {
      assert.deepEqual(keys('mlflow.log_metric("outer", \nmlflow.log_metric("inner", 1)\n'), ['inner']);
    });

    it('survives unclosed strings and stray brackets', () => {
      assert.deepEqual(keys('s = "unclosed\nmlflow.log_metric("next", 1)'), ['next']);
      assert.deepEqual(keys(']) }\nmlflow.log_metric("ok", 1)'), ['ok']);
      assert.deepEqual(keys('mlflow.log_metric("open'), []);
      assert.deepEqual(keys('x = f"{unclosed'), []);
      assert.deepEqual(keys('mlflow.log_metric('), []);
    });
  });
});
