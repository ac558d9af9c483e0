#!/usr/bin/env bash
# Issue 20: each hostile or careless help center of the hardening issue, run through the
# release binary: exit code, wall time, peak memory (KB) and the first diagnostic.
# Usage: bash bench/hardening.sh   (B=path/to/helpbook to try another binary)
cd "$(dirname "$0")/.." || exit 1; REPO=$PWD; B=${B:-$REPO/target/release/helpbook}
W=$(mktemp -d); trap "rm -rf $W" EXIT
base() { d=$W/$1; mkdir -p $d/content/c; printf '[book]\ntitle = "T"\n' > $d/book.toml; printf '+++\ntitle = "C"\n+++\n' > $d/content/c/_index.md; printf '+++\ntitle = "A"\n+++\nBody.\n' > $d/content/c/a.md; echo $d; }
run() { # name, dir, cmd...
  local n=$1 d=$2; shift 2
  local s=$(date +%s.%N)
  ( cd $d && timeout 120 /usr/bin/time -f "%M" -o $W/$n.mem "$@" > $W/$n.out 2> $W/$n.err ); local rc=$?
  local e=$(date +%s.%N)
  printf '%-28s exit %-3s %6.2f s %7s KB  | %s\n' "$n" "$rc" "$(echo "$e - $s" | bc)" "$(tail -1 $W/$n.mem 2>/dev/null)" "$(grep -a -m1 -E 'error|warning' $W/$n.err $W/$n.out | cut -c1-150)"
}
# 1. 500-step and 10,000-step linear trees
for n in 500 10000; do d=$(base tree$n); python3 - $d $n <<'PY'
import sys; d,n=sys.argv[1],int(sys.argv[2])
L=['+++','title = "Long"','kind = "troubleshooter"','start = "s0"','+++','']
for i in range(n):
    L.append(f'## Step {i} {{#s{i}' + (' .resolved' if i==n-1 else '') + '}'); L.append('')
    L.append(f'- [next](#s{i+1})' if i<n-1 else 'Fixed.'); L.append('')
L[-2:-2]=[]
open(d+'/content/c/long.md','w').write('\n'.join(L))
PY
run tree$n-check $d $B check; done
# 2/3. aliases over real pages and unwritable
d=$(base alias); printf '+++\ntitle = "B"\naliases = ["/index.html", "/c/a/index.html", "/contact/index.html", "/robots.txt", "/404.html/", "/search/index.json"]\n+++\nB\n' > $d/content/c/b.md
run alias-check $d $B check
# 4. kill -9 of a build, then the next build
d=$(base killed)
for i in $(seq 1 3000); do printf '+++\ntitle = "A %s"\n+++\n%s\n' $i "$(head -c 3000 $REPO/README.md | tr -d '`')" > $d/content/c/a$i.md; done
for i in 1 2 3; do ( cd $d; $B build >/dev/null 2>&1 & p=$!; sleep 1.5; kill -9 $p; wait $p 2>/dev/null ); done
echo "after 3x kill -9: $(ls -a $d | grep -c helpbook) leftover entries, $(du -sh $d --exclude=content | cut -f1)"
run killed-next-build $d $B build
echo "after next build: $(ls -a $d | grep helpbook | tr '\n' ' ')"
( cd $d; $B build >/dev/null 2>&1 & p=$!; sleep 1.5; kill -TERM $p; wait $p; echo "SIGTERM exit $?" ); echo "after SIGTERM: $(ls -a $d | grep helpbook | tr '\n' ' ')"
# (SIGINT to a background job of a script is ignored by the shell; python restores it)
python3 -c "import subprocess,time,signal,sys; p=subprocess.Popen([sys.argv[1],'build'],cwd=sys.argv[2],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL,preexec_fn=lambda: signal.signal(signal.SIGINT,signal.SIG_DFL)); time.sleep(1.5); p.send_signal(signal.SIGINT); p.wait(); print('SIGINT exit', p.returncode)" $B $d; echo "after SIGINT: $(ls -a $d | grep helpbook | tr '\n' ' ')"
# 5. symlinks out of the help center
d=$(base symlink); ln -s /etc/passwd $d/content/c/passwd.txt; ln -s /etc $d/content/etc
run symlink-check $d $B check
# 6. /dev/zero and a FIFO
d=$(base zero); ln -s /dev/zero $d/content/c/z.md; run devzero-check $d $B check
d=$(base fifo); mkfifo $d/content/c/f.md; run fifo-check $d $B check
# 7. quadratic inputs
d=$(base headings); python3 -c "print('+++\ntitle = \"H\"\n+++\n' + '\n'.join('## Same' for _ in range(20000)))" > $d/content/c/h.md; run headings20k-build $d $B build
d=$(base yaml); python3 -c "print('---\ntitle: Y\nx: ' + '['*150000 + ']'*150000 + '\n---\nB')" > $d/content/c/y.md; run yaml150k-check $d $B check
d=$(base links); python3 -c "print('+++\ntitle = \"L\"\n+++\n' + ' '.join(f'[l](missing{i}.md)' for i in range(4000)))" > $d/content/c/l.md; run links4000-check $d $B check; echo "   terminal output: $(wc -c < $W/links4000-check.err) bytes"
# 8. category named like a language
d=$(base lang); printf '[book]\ntitle = "T"\n[language.es]\ntitle = "T"\n' > $d/book.toml; mkdir -p $d/content/es; printf '+++\ntitle = "Es"\n+++\n' > $d/content/es/_index.md; printf '+++\ntitle = "B"\n+++\nB\n' > $d/content/es/b.md
run lang-folder-check $d $B check
# 9. javascript: in book.toml
d=$(base js); printf '[book]\ntitle = "T"\n[[support.channels]]\nname = "X"\nurl = "javascript:alert(document.domain)"\n' > $d/book.toml
run js-channel-check $d $B check
# 10. NUL, non-UTF-8 book.toml, orphan translation, duplicate channels
d=$(base nul); printf '+++\ntitle = "N"\n+++\nA\0B\n' > $d/content/c/n.md; run nul-check $d $B check
d=$(base latin1); printf '[book]\ntitle = "Caf\xe9"\n' > $d/book.toml; run latin1-book-check $d $B check
d=$(base orphan); printf '+++\ntitle = "X"\n+++\nX\n' > $d/content/c/x.es.md; run orphan-translation-check $d $B check
d=$(base dupch); printf '[book]\ntitle = "T"\n[[support.channels]]\nname = "Email"\nurl = "mailto:a@b.c"\n[[support.channels]]\nname = "Email"\nurl = "mailto:d@b.c"\n' > $d/book.toml; run dup-channel-check $d $B check
