import * as assert from 'node:assert/strict';
import { iniValue, parseIni } from '../../../src/core/tracking/rest/iniFile';

// Expected values are what Python's configparser.ConfigParser returns for the same text.
describe('credentials file parsing (configparser subset)', () => {
  it('reads keys case-insensitively with = or :, skipping comments', () => {
    const ini = parseIni('; top\n[mlflow]\n# note\nMLFLOW_Tracking_Username : ann \nmlflow_tracking_password= a=b:c\n');
    assert.equal(iniValue(ini, 'mlflow', 'mlflow_tracking_username'), 'ann');
    assert.equal(iniValue(ini, 'mlflow', 'mlflow_tracking_password'), 'a=b:c');
    assert.equal(iniValue(ini, 'MLFLOW', 'mlflow_tracking_username'), undefined);
  });

  it('joins indented continuation lines and interpolates', () => {
    const ini = parseIni('[DEFAULT]\nuser = base\n[mlflow]\nlong = first\n  second\nname = %(user)s-1 100%%\n');
    assert.equal(iniValue(ini, 'mlflow', 'long'), 'first\nsecond');
    assert.equal(iniValue(ini, 'mlflow', 'name'), 'base-1 100%');
    assert.equal(iniValue(ini, 'mlflow', 'user'), 'base');
  });
});
