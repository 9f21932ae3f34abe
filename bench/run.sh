#!/bin/sh
# Builds Manchette and the bench, then runs the fan-out bench (Manchette and the raw Vert.x reference
# server, SSE and WebSocket, N subscribers from several load-generator JVMs, then rising headline rates)
# and writes bench/results/latest.md and bench/results/latency.png. Settings (README, "Benchmarks"):
# BENCH_N (default 1000,5000,10000,16000), BENCH_TRANSPORTS (sse,ws), BENCH_HOLD_SECONDS (20), BENCH_WARMUP_SECONDS (12), BENCH_CAP (16000),
# BENCH_CAP_PHASE (1 = also try cap+1000), BENCH_STRESS_RATES (10,50,100,200,400), BENCH_STRESS_N (500), BENCH_STRESS_SECONDS (14),
# BENCH_SERVERS (manchette,reference), BENCH_SERVER_JAVA_OPTS (e.g. a JFR recording).
# Then ingest throughput and WebSub lag: BENCH_INGEST / BENCH_WEBSUB (1), BENCH_INGEST_OUTLETS (1000), BENCH_INGEST_ITEMS (50),
# BENCH_WEBSUB_HEADLINES (60); BENCH_ONLY=ingest or BENCH_ONLY=websub runs that part alone.
set -eu
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" ma.manchette.bench.BenchRunner bench/results
