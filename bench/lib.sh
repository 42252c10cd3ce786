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
