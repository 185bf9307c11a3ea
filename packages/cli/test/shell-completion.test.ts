// `adls completion bash|zsh|fish`: the generated scripts, run by the real shells (zsh and fish come from .ci/run).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completionScript, SHELLS } from '../src/completion.js';
import { buildProgram } from '../src/program.js';

const dir = mkdtempSync(join(tmpdir(), 'adls-completion-'));
const scripts: Record<string, string> = {};
before(() => {
  for (const shell of SHELLS) {
    scripts[shell] = join(dir, `adls.${shell}`);
    writeFileSync(scripts[shell], completionScript(buildProgram(), shell));
  }
});

function sh(shell: string, script: string): string {
  const r = spawnSync(shell, ['-c', script], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, `${shell}: ${r.stderr}`);
  return r.stdout;
}

describe('shell completion', () => {
  test('bash: subcommands by path, options after a dash (globals too), argument choices', () => {
    const complete = (line: string) => sh('bash', `source ${scripts.bash}
      read -ra COMP_WORDS <<< ${JSON.stringify(line)}; ${line.endsWith(' ') ? 'COMP_WORDS+=("");' : ''}
      COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _adls; echo "\${COMPREPLY[*]}"`).trim();
    assert.equal(complete('adls fs ac'), 'acl');
    assert.equal(complete('adls fs acl mo'), 'modify');
    assert.equal(complete('adls --cloud azure fs l'), 'ls');
    assert.equal(complete('adls fs ls --js'), '--json');
    assert.equal(complete('adls fs ls --emu'), '--emulator');
    assert.equal(complete('adls completion '), 'bash zsh fish');
    assert.match(complete('adls '), /^login logout whoami group account storage fs emulator demo completion/);
    assert.equal(complete('adls storage account k'), 'keys');
  });

  test('zsh: the script parses, and offers names with descriptions for the path typed', () => {
    const stubs = 'compdef() { :; }; _files() { print FILES; }; _describe() { local name=${@[-1]}; print -l -- ${(P)name}; }';
    const complete = (words: string[], prefix: string) => sh('zsh', `${stubs}; source ${scripts.zsh}
      words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; PREFIX='${prefix}'; _adls`);
    assert.match(complete(['adls', 'fs', 'ac'], 'ac'), /^acl:access control lists$/m);
    assert.match(complete(['adls', 'account', 'firewall', 'cr'], 'cr'), /^create:create or replace a firewall rule$/m);
    assert.match(complete(['adls', 'fs', 'ls', '--js'], '--js'), /^--json:print FileStatus objects/m);
    assert.equal(complete(['adls', 'fs', 'put', './x'], './x').trim(), 'FILES', 'local paths: file completion');
  });

  test('fish: complete -C gives names with descriptions', () => {
    const complete = (line: string) => sh('fish', `source ${scripts.fish}; complete -C ${JSON.stringify(line)}`);
    assert.match(complete('adls fs ac'), /^acl\taccess control lists$/m);
    assert.match(complete('adls fs ls --js'), /^--json\tprint FileStatus objects/m);
    assert.deepEqual(complete('adls completion ').trim().split('\n').map((l) => l.split('\t')[0]).sort(), ['bash', 'fish', 'zsh']);
    assert.doesNotMatch(complete('adls fs ac'), /^ls\t/m, 'only the subcommands of the path typed');
  });

  test('the command prints the script (bash by default install line in its header)', () => {
    let out = '';
    const program = buildProgram();
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((c: string) => { out += c; return true; }) as typeof process.stdout.write;
    return program.parseAsync(['completion', 'bash'], { from: 'user' }).finally(() => { process.stdout.write = write; }).then(() => {
      assert.match(out, /^# adls completion for bash: eval "\$\(adls completion bash\)"/);
      assert.match(out, /complete -o default -o bashdefault -F _adls adls/);
    });
  });
});
