# Sourced by the bench scripts that time the real CLI (./dagger) as whole commands.
# ms CMD...: runs CMD with its output discarded and prints how long it took, in milliseconds.
# median: the median of the numbers on stdin, one per line.
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
