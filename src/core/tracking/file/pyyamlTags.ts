// PyYAML's implicit resolvers (yaml/resolver.py), which MLflow reads meta.yaml with, differ from
// the yaml package's YAML 1.1 schema on a few plain scalars: `y`/`n` are strings, `1e10` and
// `-.5` are strings (a float needs a dot and a signed exponent), `09` is a string, and a
// sexagesimal int starts with 1-9. These tags make the yaml package resolve as PyYAML does.
import type { Tags } from 'yaml';

const PYYAML_TESTS = new Map<string, RegExp>([
  ['^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$', /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/],
  ['^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$', /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/],
  ['^[-+]?[0-9][0-9_]*$', /^[-+]?(?:0|[1-9][0-9_]*)$/],
  ['^[-+]?(?:[0-9][0-9_]*)?(?:\\.[0-9_]*)?[eE][-+]?[0-9]+$', /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)[eE][-+][0-9]+$/],
  ['^[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*$', /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)$/],
  ['^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$', /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$/],
]);

export function pyyamlTags(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || !('test' in tag) || !(tag.test instanceof RegExp)) return tag;
    const test = PYYAML_TESTS.get(tag.test.source);
    return test ? ({ ...tag, test } as typeof tag) : tag;
  });
}
