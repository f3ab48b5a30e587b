#!/usr/bin/env bash
# Proves the README's test command passes on a clean copy of main with no system Chromium:
# clones the repository's committed HEAD into a temporary folder, hides any system browser,
# runs `npm ci && npm test` there, prints one result line and exits with npm test's status.
#
#   scripts/fresh-check.sh                  a clone of the committed HEAD of main
#   scripts/fresh-check.sh --working-tree   a copy of the working tree instead (tracked and untracked
#                                           files, not ignored ones such as node_modules, dist, out)
#   scripts/fresh-check.sh --keep           keep the temporary folder afterwards (it is kept on failure)
set -uo pipefail

mode=clone
keep=0
for arg in "$@"; do
  case "$arg" in
    --working-tree) mode=working-tree ;;
    --keep) keep=1 ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fresh-check: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/ukoo-fresh-check.XXXXXX")"
copy="$work/ukoo-sheets"
started=$(date +%s)

if [ "$mode" = clone ]; then
  git clone --quiet --no-hardlinks --branch main "$repo" "$copy" || { echo "fresh-check: FAIL: git clone of $repo failed"; exit 1; }
  what="a clone of main at $(git -C "$copy" rev-parse --short HEAD)"
else
  mkdir -p "$copy"
  # Tracked and untracked files that exist, less anything ignored and the build folders.
  (cd "$repo" && git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do
      case "$f" in node_modules/* | dist/* | out/*) continue ;; esac
      [ -e "$f" ] && printf '%s\0' "$f"
    done | tar --null -T - -cf -) | (cd "$copy" && tar -xf -) || { echo "fresh-check: FAIL: copying the working tree failed"; exit 1; }
  what="a copy of the working tree (HEAD $(git -C "$repo" rev-parse --short HEAD) plus uncommitted changes)"
fi

# Hide any system browser: no CHROMIUM_PATH, and no PATH folder holding one. A folder that also
# holds node, npm or git (/usr/bin, say) cannot be dropped; the harness looks at /usr/bin by fixed path anyway.
browsers="chromium chromium-browser google-chrome google-chrome-stable"
unset CHROMIUM_PATH
new_path=""
visible=()
IFS=: read -r -a dirs <<<"$PATH"
for dir in "${dirs[@]}"; do
  [ -n "$dir" ] || continue
  has_browser=""
  for b in $browsers; do [ -x "$dir/$b" ] && has_browser="$dir/$b" && break; done
  if [ -n "$has_browser" ]; then
    if [ -x "$dir/node" ] || [ -x "$dir/npm" ] || [ -x "$dir/git" ]; then
      visible+=("$has_browser")
    else
      echo "fresh-check: hiding $dir (it holds $has_browser)"
      continue
    fi
  fi
  new_path="${new_path:+$new_path:}$dir"
done
export PATH="$new_path"
for p in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable; do
  [ -e "$p" ] && visible+=("$p")
done
# A fresh temp folder too, so the bundled Chromium is unpacked from scratch as on a new machine.
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR"

note="no system Chromium"
if [ "${#visible[@]}" -gt 0 ]; then
  list="$(printf '%s\n' "${visible[@]}" | sort -u | tr '\n' ' ')"
  echo "fresh-check: WARNING: a system browser cannot be hidden from this run: $list"
  echo "fresh-check: the browser tests may use it, so this run does not prove the no-browser case."
  note="system browser present: $list"
fi

echo "fresh-check: $what in $copy"
cd "$copy"
status=0
npm ci || status=$?
step="npm ci"
if [ "$status" -eq 0 ]; then
  step="npm test"
  npm test || status=$?
fi

elapsed=$(($(date +%s) - started))
took="$((elapsed / 60))m$((elapsed % 60))s"
if [ "$status" -eq 0 ]; then
  echo "fresh-check: PASS: npm ci && npm test on $what, $note, in $took"
  [ "$keep" -eq 1 ] && echo "fresh-check: kept $work" || rm -rf "$work"
else
  echo "fresh-check: FAIL: $step exited $status on $what, $note, after $took (kept $work)"
fi
exit "$status"
