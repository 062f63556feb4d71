#!/usr/bin/env bash
# jvirsh vs real virsh: wall time from process start to output for `list --all` on the embedded test driver.
# One run of N rounds, interleaved (machines here are noisy), medians and the ratio printed.
# Usage: bench/cli-startup.sh [ROUNDS]   (build first: ./mvnw -q -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-20}
jvirsh=dist/target/jvirt/bin/jvirsh
command -v virsh >/dev/null || { echo "virsh not installed (apt-get install libvirt-clients)" >&2; exit 1; }
[ -x "$jvirsh" ] || { echo "$jvirsh missing: run ./mvnw -q -DskipTests install first" >&2; exit 1; }
diff <(virsh -c test:///default list --all) <("$jvirsh" -c test:///default list --all) >/dev/null \
  || echo "warning: outputs differ" >&2
"$jvirsh" -c test:///default list --all >/dev/null  # first run creates the class-data archive
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000 )); }
v=(); j=()
for ((i = 0; i < rounds; i++)); do
  v+=("$(ms virsh -c test:///default list --all)")
  j+=("$(ms "$jvirsh" -c test:///default list --all)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mv=$(median "${v[@]}"); mj=$(median "${j[@]}")
printf 'list --all, %d rounds, median µs: virsh %d, jvirsh %d, jvirsh/virsh = %.2f\n' "$rounds" "$mv" "$mj" \
  "$(echo "$mj / $mv" | bc -l)"
