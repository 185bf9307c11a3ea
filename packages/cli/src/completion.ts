// `adls completion bash|zsh|fish`: shell completion scripts generated from the commander command tree, so they
// never drift from the commands. Each script finds the command path typed so far (the words that are
// subcommand names), then offers that command's subcommands, or its options after a '-'; elsewhere the
// shell's own file completion applies (local paths of put/get).
import type { Command } from 'commander';

interface Node {
  /** Command path without the program name: '' for the root, 'fs acl' for `adls fs acl`. */
  path: string;
  subcommands: { name: string; description: string }[];
  options: { flags: string[]; description: string }[];
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

function nodes(cmd: Command, path = ''): Node[] {
  const visible = cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
  const own: Node = {
    path,
    // Argument choices (e.g. `completion <shell>`) complete like subcommands.
    subcommands: [
      ...visible.map((c) => ({ name: c.name(), description: c.description() })),
      ...cmd.registeredArguments.flatMap((a) => (a.argChoices ?? []).map((name) => ({ name, description: a.description }))),
    ],
    options: cmd.options.filter((o) => !o.hidden)
      .map((o) => ({ flags: [o.short, o.long].filter((f): f is string => !!f), description: o.description }))
      .concat([{ flags: ['-h', '--help'], description: 'display help for command' }]),
  };
  return [own, ...visible.flatMap((c) => nodes(c, path ? `${path} ${c.name()}` : c.name()))];
}

/** Root options (--emulator, --cloud, …) are accepted after any subcommand too: offer them everywhere. */
function withGlobals(all: Node[]): Node[] {
  const globals = all[0].options.filter((o) => !o.flags.includes('--help') && !o.flags.includes('--version'));
  return all.map((n) => (n.path === '' ? n : { ...n, options: [...n.options, ...globals.filter((g) => !n.options.some((o) => o.flags.some((f) => g.flags.includes(f))))] }));
}

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

function bash(program: string, all: Node[]): string {
  const cases = (pick: (n: Node) => string[]) => all.map((n) => `    ${sq(n.path)}) echo ${sq(pick(n).join(' '))} ;;`).join('\n');
  const fn = `_${program.replace(/[^A-Za-z0-9]/g, '_')}`;
  return `# ${program} completion for bash: eval "$(${program} completion bash)", e.g. in ~/.bashrc
${fn}_subcommands() {
  case "$1" in
${cases((n) => n.subcommands.map((s) => s.name))}
  esac
}
${fn}_options() {
  case "$1" in
${cases((n) => n.options.flatMap((o) => o.flags))}
  esac
}
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" w i
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    [[ " $(${fn}_subcommands "$path") " == *" $w "* ]] && path="\${path:+$path }$w"
  done
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(${fn}_options "$path")" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(${fn}_subcommands "$path")" -- "$cur"))
  fi
}
complete -o default -o bashdefault -F ${fn} ${program}
`;
}

function zsh(program: string, all: Node[]): string {
  const fn = `_${program.replace(/[^A-Za-z0-9]/g, '_')}`;
  const item = (name: string, description: string) => sq(`${name.replace(/:/g, '\\:')}:${oneLine(description)}`);
  const cases = all.map((n) => [
    `    ${sq(n.path)})`,
    `      subs=(${n.subcommands.map((s) => item(s.name, s.description)).join(' ')})`,
    `      opts=(${n.options.flatMap((o) => o.flags.map((f) => item(f, o.description))).join(' ')}) ;;`,
  ].join('\n')).join('\n');
  return `#compdef ${program}
# ${program} completion for zsh: eval "$(${program} completion zsh)" after compinit, e.g. in ~/.zshrc
${fn}() {
  local -a subs opts
  local path_="" w i
  for ((i = 2; i < CURRENT; i++)); do
    w=\${words[i]}
    [[ $w == -* ]] && continue
    ${fn}_describe "$path_"
    (( \${subs[(I)\${w}:*]} )) && path_="\${path_:+$path_ }$w"
  done
  ${fn}_describe "$path_"
  if [[ $PREFIX == -* ]]; then
    _describe -t options 'option' opts
  elif (( \${#subs} )); then
    _describe -t commands 'command' subs
  else
    _files
  fi
}
${fn}_describe() {
  subs=() opts=()
  case "$1" in
${cases}
  esac
}
compdef ${fn} ${program}
`;
}

function fish(program: string, all: Node[]): string {
  const fq = (s: string) => `'${oneLine(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const fn = `__${program.replace(/[^A-Za-z0-9]/g, '_')}`;
  const subsCases = all.map((n) => `    case ${fq(n.path)}\n      printf '%s\\n' ${n.subcommands.map((s) => fq(s.name)).join(' ')}`).join('\n');
  const lines: string[] = [];
  for (const n of all) {
    const when = `-n ${fq(`${fn}_at ${fq(n.path)}`)}`;
    for (const s of n.subcommands) lines.push(`complete -c ${program} -f ${when} -a ${fq(s.name)} -d ${fq(s.description)}`);
    for (const o of n.options) {
      const flags = o.flags.map((f) => (f.startsWith('--') ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`)).join(' ');
      lines.push(`complete -c ${program} ${when} ${flags} -d ${fq(o.description)}`);
    }
  }
  return `# ${program} completion for fish: ${program} completion fish > ~/.config/fish/completions/${program}.fish
function ${fn}_subcommands
  switch "$argv[1]"
${subsCases}
  end
end
function ${fn}_path
  set -l path ''
  for w in (commandline -opc)[2..-1]
    string match -q -- '-*' $w; and continue
    if contains -- $w (${fn}_subcommands "$path")
      set path (string trim -- "$path $w")
    end
  end
  echo $path
end
function ${fn}_at
  set -l p (${fn}_path)
  test "$p" = "$argv[1]"
end
${lines.join('\n')}
`;
}

/** The completion script of `program` for `shell`. */
export function completionScript(program: Command, shell: Shell): string {
  const all = withGlobals(nodes(program));
  const name = program.name();
  return shell === 'bash' ? bash(name, all) : shell === 'zsh' ? zsh(name, all) : fish(name, all);
}
