#!/bin/sh
# JMH micro-benchmarks of the hot paths (src/test/java/ma/manchette/bench/HotPathsBenchmark.java);
# writes bench/results/jmh.txt. Extra arguments go to JMH (e.g. -i 5 -wi 3).
set -eu
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main HotPathsBenchmark "$@" | tee bench/results/jmh.txt
