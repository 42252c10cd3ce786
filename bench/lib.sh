# Pieces the load scripts share: source it from the repository root (source bench/lib.sh).

need_wrk() {
  command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
}

cpu_ticks() { # pid -> user + system time of that process so far, in clock ticks (getconf CLK_TCK a second)
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

wrk_summary() { # wrk --latency output on stdin -> "rps p50_ms p99_ms requests errors" (errors: non-2xx/3xx answers + socket errors)
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /Requests\/sec/ { rps = $2 } / requests in / { n = $1 }
    /Non-2xx/ { bad += $NF } /Socket errors/ { gsub(/[^0-9 ]/, " "); bad += $1 + $2 + $3 + $4 }
    END { printf "%.0f %.2f %.2f %d %d\n", rps, p50, p99, n, bad }'
}

heap_used_kb() { # jvm pid -> heap in use (S0U + S1U + EU + OU of jstat -gc), KB
  "${JAVA_HOME:+$JAVA_HOME/bin/}jstat" -gc "$1" | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 2 { printf "%.0f\n", $c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"] }'
}

gc_between() { # -Xlog:gc file, first line, last line -> "pauses pause_ms freed_kb max_pause_ms"
  # G1/Parallel/Serial log a pause with its heap change ("Pause Young ... 300M->40M(576M) 3.1ms"); generational ZGC
  # logs its (sub-millisecond) pauses under gc+phases ("y: Pause Mark Start 0.010ms") and what a collection freed
  # on its own line ("Minor Collection (Allocation Rate) 300M(52%)->40M(7%) 0.030s"), which misses what was allocated
  # while that concurrent collection ran: with ZGC, allocation per request is a lower bound
  sed -n "$2,$3p" "$1" | awk '
    function kb(v,  u) { u = substr(v, length(v)); v = substr(v, 1, length(v) - 1) + 0; return u == "G" ? v * 1048576 : u == "M" ? v * 1024 : v }
    /Pause/ && match($0, /[0-9.]+ms$/) { p = substr($0, RSTART, RLENGTH) + 0; ms += p; n++; if (p > max) max = p }
    /Pause/ && match($0, /[0-9.]+[KMG]->[0-9.]+[KMG]\(/) { split(substr($0, RSTART, RLENGTH), h, /->|\(/); freed += kb(h[1]) - kb(h[2]) }
    /Collection/ && match($0, /[0-9.]+[KMG]\([0-9]+%\)->[0-9.]+[KMG]\(/) { split(substr($0, RSTART, RLENGTH), h, /\([0-9]+%\)->|\(/); freed += kb(h[1]) - kb(h[2]) }
    END { printf "%d %.1f %.0f %.2f\n", n, ms, freed, max }'
}

measure_load() { # server pid, its -Xlog:gc file (empty: not a JVM), wrk output file, load command (wrk --latency on stdout)...
  # -> "rps p50_ms p99_ms cpu_us_per_req alloc_b_per_req gcs gc_ms gc_max_ms errors" of that load ("-" where not a JVM).
  # Allocation: the heap in use before and after, plus what every GC in between freed, over the requests made.
  local pid=$1 log=$2 out=$3 used0=0 used1=0 line0=1 line1=0 cpu0 cpu1 rps p50 p99 n bad gcs=- ms=- freed=0 max=-
  shift 3
  if [ -n "$log" ]; then used0=$(heap_used_kb "$pid"); line0=$(($(wc -l < "$log") + 1)); fi
  cpu0=$(cpu_ticks "$pid")
  "$@" > "$out"
  cpu1=$(cpu_ticks "$pid")
  if [ -n "$log" ]; then used1=$(heap_used_kb "$pid"); line1=$(wc -l < "$log"); read -r gcs ms freed max < <(gc_between "$log" "$line0" "$line1"); fi
  read -r rps p50 p99 n bad < <(wrk_summary < "$out")
  awk -v rps="$rps" -v p50="$p50" -v p99="$p99" -v n="$n" -v bad="$bad" -v ticks=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" \
    -v alloc=$((used1 - used0 + freed)) -v jvm="$log" -v gcs="$gcs" -v ms="$ms" -v max="$max" 'BEGIN {
      printf "%s %s %s %.1f %s %s %s %s %d\n", rps, p50, p99, n ? ticks / hz * 1e6 / n : 0, jvm == "" || !n ? "-" : sprintf("%.0f", alloc * 1024 / n), gcs, ms, max, bad }'
}

median() { # file, column -> the median of that column ("-" stays "-")
  awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

ratio() { # a, b -> b / a to three places, "n/a" when a is not a positive number
  awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b != "-") printf "%.3f", b / a; else print "n/a" }'
}
