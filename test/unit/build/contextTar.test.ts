import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { type ContextEntry, packContext, readDockerignore } from '../../../src/core/build/contextTar';
import { makeTempDir } from '../../support/tempDir';

/** The names in a packed context, with the content of its files. */
async function unpack(entries: ContextEntry[], modes = new Map<string, number>()): Promise<Map<string, string | null>> {
  const packed = packContext(entries);
  const extract = tar.extract();
  const found = new Map<string, string | null>();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => {
        chunks.push(chunk as Buffer);
      });
      stream.on('end', () => {
        assert.equal(header.uid, 0);
        assert.equal(header.gid, 0);
        found.set(header.name, header.type === 'file' ? Buffer.concat(chunks).toString('utf8') : null);
        modes.set(header.name, header.mode ?? 0);
        next();
      });
      stream.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  Readable.from(packed.stream as AsyncIterable<Buffer>).pipe(extract as unknown as NodeJS.WritableStream);
  await done;
  await packed.done;
  return found;
}

describe('build context (tar with .dockerignore)', () => {
  let temp: { dir: string; cleanup: () => void };
  const write = (relative: string, content = relative) => {
    fs.mkdirSync(path.dirname(path.join(temp.dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(temp.dir, relative), content);
  };

  beforeEach(() => {
    temp = makeTempDir('context-tar');
  });
  afterEach(() => temp.cleanup());

  it('leaves out what .dockerignore names, keeps its exceptions, and always sends the Dockerfile and .dockerignore', async () => {
    write('Dockerfile', 'FROM x');
    write('app.py');
    write('.env');
    write('secrets/key.pem');
    write('data/raw.csv');
    write('data/keep.csv');
    write('src/a.pyc');
    write('src/deep/b.pyc');
    write('src/c.py');
    write('.dockerignore', '# comment\n\n.env\n/secrets\ndata\n!data/keep.csv\n**/*.pyc\nDockerfile\n');
    const names = await unpack([{ kind: 'tree', source: temp.dir, target: '', dockerignore: true, alwaysSend: ['Dockerfile'] }]);
    const files = [...names.entries()].filter(([, content]) => content !== null).map(([name]) => name).sort();
    assert.deepEqual(files, ['.dockerignore', 'Dockerfile', 'app.py', 'data/keep.csv', 'src/c.py']);
    assert.equal(names.get('Dockerfile'), 'FROM x');
  });

  it('sends everything without a .dockerignore or when told to ignore it, under the target folder', async () => {
    write('MLmodel', 'flavors: {}');
    write('.dockerignore', '*');
    write('model.pkl');
    const names = await unpack([
      { kind: 'tree', source: temp.dir, target: 'model', dockerignore: false },
      { kind: 'file', target: 'Dockerfile', content: 'FROM y\n' },
    ]);
    assert.deepEqual([...names.keys()].sort(), ['Dockerfile', 'model/.dockerignore', 'model/MLmodel', 'model/model.pkl']);
    assert.equal(names.get('Dockerfile'), 'FROM y\n');
  });

  it('keeps file modes, and makes a tree readable by all when asked (a model saved under umask 077)', async () => {
    write('model/MLmodel');
    write('model/sub/model.pkl');
    write('model/run.sh');
    fs.chmodSync(path.join(temp.dir, 'model', 'MLmodel'), 0o600);
    fs.chmodSync(path.join(temp.dir, 'model', 'sub', 'model.pkl'), 0o600);
    fs.chmodSync(path.join(temp.dir, 'model', 'sub'), 0o700);
    fs.chmodSync(path.join(temp.dir, 'model', 'run.sh'), 0o700);
    const kept = new Map<string, number>();
    await unpack([{ kind: 'tree', source: path.join(temp.dir, 'model'), target: 'm', dockerignore: false }], kept);
    assert.deepEqual(Object.fromEntries(kept), { 'm/MLmodel': 0o600, 'm/run.sh': 0o700, 'm/sub/': 0o700, 'm/sub/model.pkl': 0o600 });
    const readable = new Map<string, number>();
    await unpack([{ kind: 'tree', source: path.join(temp.dir, 'model'), target: 'm', dockerignore: false, readableByAll: true }], readable);
    assert.deepEqual(Object.fromEntries(readable), { 'm/MLmodel': 0o644, 'm/run.sh': 0o744, 'm/sub/': 0o755, 'm/sub/model.pkl': 0o644 });
  });

  it('reads .dockerignore like Docker: leading / and ./ mean the root, # starts a comment', () => {
    write('.dockerignore', '/build\n./dist/*.js\n# build\n!dist/keep.js\n');
    const rules = readDockerignore(temp.dir);
    assert.ok(rules);
    assert.equal(rules.ignores('build'), true);
    assert.equal(rules.ignores('dist/a.js'), true);
    assert.equal(rules.ignores('dist/keep.js'), false);
    assert.equal(rules.ignores('src/build.py'), false);
    assert.equal(rules.hasExceptions, true);
    assert.equal(readDockerignore(path.join(temp.dir, 'none')), null);
  });

  it('fails the packing with the file system error of a tree that is not there', async () => {
    const packed = packContext([{ kind: 'tree', source: path.join(temp.dir, 'missing'), target: '', dockerignore: true }]);
    Readable.from(packed.stream as AsyncIterable<Buffer>).on('error', () => undefined).resume();
    await assert.rejects(packed.done, /ENOENT/);
  });
});
