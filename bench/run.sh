#!/bin/sh
# Builds Manchette and the bench, then runs the fan-out bench (Manchette, the raw Vert.x reference server and
# nginx + nchan, SSE and WebSocket, N subscribers from several load-generator JVMs, a 2-second cadence and bursts,
# the whole sequence BENCH_RUNS times) and writes bench/results/latest.md and bench/results/latency.png.
# Settings (README, "Benchmarks"): BENCH_N (default 1000,5000,16000), BENCH_TRANSPORTS (sse,ws), BENCH_RUNS (2),
# BENCH_CADENCE_HEADLINES (40), BENCH_BURSTS (3), BENCH_BURST_SIZE (20), BENCH_BURST_GAP_MS (250), BENCH_BURST_PAUSE_MS (3000),
# BENCH_WARMUP_SECONDS (12), BENCH_CAP (16000), BENCH_CAP_PHASE (1 = also try cap+1000), BENCH_STRESS_RATES (10,50,100,200,400),
# BENCH_STRESS_N (500), BENCH_STRESS_SECONDS (14), BENCH_SERVERS (manchette,reference,nchan), BENCH_SERVER_JAVA_OPTS
# (e.g. a JFR recording), BENCH_HISTOGRAM (1 = class histograms before/after connecting), BENCH_OUT (bench/results), BENCH_MAX_MINUTES (240: past it the bench stops what it started and exits).
# Then ingest throughput and WebSub lag: BENCH_INGEST / BENCH_WEBSUB (1), BENCH_INGEST_OUTLETS (1000), BENCH_INGEST_ITEMS (50),
# BENCH_WEBSUB_HEADLINES (60); BENCH_ONLY=ingest or BENCH_ONLY=websub runs that part alone.
set -eu
cd "$(dirname "$0")/.."
case "${BENCH_SERVERS:-nchan}" in *nchan*)
  if ! [ -x /usr/sbin/nginx ] || { ! [ -e /usr/lib/nginx/modules/ngx_nchan_module.so ] && ! [ -e /usr/share/nginx/modules/ngx_nchan_module.so ]; }; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    # the package would start Debian's own nginx on port 80 of every interface: forbid service starts while installing
    added=""
    if ! [ -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null; $sudo chmod +x /usr/sbin/policy-rc.d; added=1; fi
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx libnginx-mod-nchan || echo "warning: could not install nginx libnginx-mod-nchan"
    [ -z "$added" ] || $sudo rm -f /usr/sbin/policy-rc.d
  fi;;
esac
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" ma.manchette.bench.BenchRunner "${BENCH_OUT:-bench/results}"
