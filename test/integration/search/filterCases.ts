// Filters searched in both MLflow stores (see fixtures/searchOracle.py for the runs). `{run:N}`
// stands for the id of the N-th run the fixture created. Comments say what a group exercises.

export const metricFilters = [
  // every comparator; acc holds NaN (runs 5, 17), +inf (11), -inf (23) and is missing on every 7th run
  'metrics.acc > 0.5', 'metrics.acc >= 0.5', 'metrics.acc < 0.5', 'metrics.acc <= 0.5',
  'metrics.acc = 0.1', 'metrics.acc != 0.1', 'metrics.acc != 0.5',
  'metrics.acc > 1e308', 'metrics.acc = 1e999', 'metrics.acc < 1e999', 'metrics.acc > -1e999', 'metrics.acc != 1e999',
  'metrics.acc <= -1e308', 'metrics.acc > 1.5e-1', 'metrics.acc > .5', 'metrics.acc > 5E-1', 'metrics.acc>=0.95',
  // 1.7976931348623157e308 is what the sqlite store keeps for +inf
  'metrics.big = 1.7976931348623157e308', 'metrics.big < 0', 'metrics.big >= -1e308', 'metrics.big > 1e308',
  // NaN only on runs 2-4: it satisfies != and nothing else
  'metrics.nan_or_missing != 0', 'metrics.nan_or_missing = 0', 'metrics.nan_or_missing >= 0', 'metrics.nan_or_missing < 1',
  'metrics.loss = -3', 'metrics.loss < -2.5', 'metrics.loss >= -0', 'metrics.loss = 999', 'metric.loss = 0', 'metrics.loss>-1',
  'metrics.`val/acc` = 2', 'metrics."val/acc" >= 1', 'metrics.`train loss` > 0', 'metrics.missing_key != 0',
  // rejected: comparators and values metrics do not take
  'metrics.acc LIKE 1', "metrics.acc = '1'", 'metrics.acc IN (1)', 'metrics.acc IS NULL', 'metrics.acc == 1',
  'metrics.acc <> 1', 'metrics.acc = 0x10', 'metrics.acc = +1',
];

export const paramFilters = [
  "params.model = 'ResNet'", "params.model != 'ResNet'", "params.model LIKE 'res%'", "params.model LIKE 'Res%'",
  "params.model ILIKE 'res%'", "params.model ILIKE 'é'", "params.model LIKE 'bert_base'", "params.model LIKE 'bert%base'",
  "params.model LIKE '%'", "params.model = ''", "params.model LIKE ''", "params.model like '%Net'", "params.model ilike '%NET'",
  "params.model = 'Res''Net'", "params.model = \"resnet\"", 'params.model="RESNET"',
  // numeric-looking values compare as text
  "params.epochs = '10'", "params.epochs != '10'", "params.epochs LIKE '1%'", "params.epochs = ' 10'", "params.epochs = '010'",
  "params.`batch size` = '2'", "params.`opt.name` = 'adam'", "params.\"opt.name\" = 'sgd'", "params.opt.name = 'adam'",
  "param.lr = '0.1'", "parameters.lr = '1'", "parameter.lr != '1'", "params.'lr' = '0.01'", "`params`.lr = '0.001'",
  "params.`batch size` IS NULL", "params.`batch size` IS NOT NULL", "params.multi is not null AND params.model != ''",
  // a value with a line break: Python's `.` stops at it, sqlite's wildcards do not
  "params.multi LIKE 'first%'", "params.multi LIKE '%second'", "params.multi LIKE 'first_second'",
  "params.multi = 'first\nsecond'",
  // rejected
  'params.model = ResNet', 'params.model = 1', "params.model IN ('a')", "params.model < 'b'", "params.model NOT LIKE 'a'",
  "params.epochs > '9'", "params.model RLIKE 'a'",
];

export const tagFilters = [
  "tags.team = 'a'", "tags.team != 'a'", "tags.team LIKE 'a'", "tags.team ILIKE 'a'", "tags.team ILIKE 'ñ'",
  'tags.team IS NULL', 'tags.team IS NOT NULL', 'tags.team IS  NOT  NULL', "tags.`path/to` = 'v1'", "tags.\"has space\" = 'yes'",
  "tags.release.version LIKE '1.%'", "tags.`release.version` = '1.2'", "tag.team = 'b'", "tags.`mlflow.runName` LIKE 'a%'",
  "tags.missing != 'x'", "tags.team = NULL",
  // values "abc", "abc\n", "ab\nc", "x\nabc", "ABC": Python's `$` also matches before a final line break
  "tags.note LIKE 'abc'", "tags.note ILIKE 'abc'", "tags.note LIKE '%c'", "tags.note LIKE 'ab%'", "tags.note LIKE '%abc%'",
  "tags.note LIKE 'ab_c'", "tags.note ILIKE '%B%'", "tags.note = 'abc'",
];

export const attributeFilters = [
  "attributes.status = 'FINISHED'", "attributes.status != 'RUNNING'", "attributes.status LIKE 'F%'", "attributes.status ILIKE 'f%'",
  "status = 'KILLED'", "attr.status = \"FAILED\"", "run.status = 'FAILED'", "attribute.status LIKE '%ED'",
  // run 13 ("Zeta") lost its mlflow.runName tag: the sqlite store filters run_name on that tag
  "attributes.run_name = 'alpha'", "attributes.run_name ILIKE 'alpha'", "attributes.run_name LIKE '%a'", "attributes.run_name != 'alpha'",
  "attributes.`run name` = 'beta'", "attributes.\"Run Name\" LIKE 'é%'", "attributes.`Run name` ILIKE 'école'",
  "attributes.run_name ILIKE 'ÉCOLE'", "attributes.run_name LIKE 'gamma_1'", "attributes.run_name LIKE 'a_c'",
  "attributes.run_name LIKE '日本_'", "attributes.run_name LIKE '_run'", "run_name = 'zeta'", "attributes.run_name = 'Zeta'",
  "attributes.run_name ILIKE 'zeta'", "attributes.run_name LIKE 'gamma%1'",
  "attributes.user_id != 'nobody'", "attributes.user_id LIKE '%'", "attributes.artifact_uri LIKE '%/artifacts'",
  "attributes.artifact_uri LIKE 'file:%'",
  "attributes.run_id = '{run:3}'", "attributes.run_id IN ('{run:3}', '{run:4}', 'nope')", "attributes.run_id NOT IN ('{run:3}')",
  "attributes.run_id LIKE '{run:3}'", "attributes.run_id != '{run:3}'", 'run_id IN ("{run:5}")', "attributes.run_id in ('{run:6}',)",
  "attributes.run_id IN ('{run:3}' '{run:4}')", "attributes.run_id not  in ('{run:3}', # a comment\n '{run:4}')",
  "attributes.run_id ILIKE '{run:7}'",
  // an IN list with another comparator: Python compares str with tuple, sqlite3 cannot bind it
  "attributes.run_id = ('{run:3}', '{run:4}')", "attributes.run_id != ('{run:3}', '{run:4}')",
  "attributes.run_id LIKE ('{run:3}', 'x')",
  'attributes.start_time = 1700000003000', 'attributes.start_time > 1700000005000',
  'attributes.start_time >= 1700000005000 AND attributes.start_time < 1700000008000', 'attributes.created <= 1700000002000',
  'Created > 1700000010000.5', 'attributes.end_time > 0', 'attributes.end_time != 0', 'attributes.end_time = 1700000000001',
  'attributes.start_time != 1e3', 'start_time > 1.7e12', 'attributes.end_time < 1700000005042',
  // integers beyond 64 bits only fail on sqlite
  'attributes.start_time > 99999999999999999999', 'attributes.start_time < 9223372036854775808',
  'attributes.start_time < 9223372036854775807',
  // rejected
  "attributes.start_time = '1'", 'attributes.start_time LIKE 1', "attributes.status > 'A'", "attributes.status IN ('FINISHED')",
  "attributes.lifecycle_stage = 'active'", "attributes.experiment_id = '1'", 'attributes.end_time IS NULL', 'attributes.status = FINISHED',
];

export const datasetFilters = [
  "datasets.name = 'wine'", "datasets.name != 'wine'", "datasets.name LIKE 'w%'", "datasets.name ILIKE 'w%'",
  "datasets.name IN ('wine', 'iris')", "datasets.name NOT IN ('wine')", "dataset.digest = 'd0001'", "datasets.digest LIKE 'd000_'",
  "datasets.context = 'training'", "datasets.context ILIKE 'training'", "datasets.context IN ('test', 'validation')",
  "datasets.context NOT IN ('training')", "datasets.context LIKE 'T%'", "datasets.name = 'wine' AND datasets.context = 'test'",
  "datasets.name = ('wine', 'iris')", "datasets.name LIKE ('wine')",
  "datasets.foo = 'x'", 'datasets.name IS NULL', "datasets.name > 'a'", 'datasets.name = wine',
];

export const combinedFilters = [
  "metrics.acc > 0.2 AND params.model LIKE '%e%' AND tags.team IS NOT NULL",
  "metrics.acc > 0.2 and attributes.status = 'FINISHED' AND datasets.context != 'x'",
  '  metrics.acc>0.5  ', "metrics.acc>0.5\tAND\nparams.lr='0.1'", 'metrics.acc > 0.5 AND', 'AND metrics.acc > 0.5',
  'metrics.acc > 0.5 metrics.loss < -2', 'metrics.acc > 0.5 AND AND metrics.loss < -2', '', '   ',
  'metrics.acc > 0.5 OR metrics.loss < 0', '(metrics.acc > 0.5)', 'metrics.acc > 0.5;', 'metrics.acc > 0.5 && metrics.loss < 0',
  // a bad comparator is reported by the file store only if some run reaches its clause
  "params.model = 'nope' AND metrics.acc LIKE 1", "metrics.acc LIKE 1 AND params.model = 'nope'",
  "params.model = 'nope' AND params.epochs > '9'", "params.model = 'nope' AND attributes.run_id LIKE ('{run:3}', 'x')",
  "params.x y IS NULL", "params.model = 'ResNet' foo IS NULL", 'metrics.acc DESC > 0.5', 'metrics. acc > 0', 'metrics . acc > 0',
];

export const allSearchFilters = [
  ...metricFilters, ...paramFilters, ...tagFilters, ...attributeFilters, ...datasetFilters, ...combinedFilters,
];
