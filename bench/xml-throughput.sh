#!/usr/bin/env bash
# XML parse+format throughput per document kind (JMH), jvirt only: libvirt's own figure would need its C test
# harness. Usage: bench/xml-throughput.sh [JMH options]   (build first: ./mvnw -q -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/.."
cp=$(./mvnw -q -o -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
java=${JAVA_HOME:+$JAVA_HOME/bin/java}; [ -x "${java:-}" ] || java=$(ls -d /usr/lib/jvm/*25*/bin/java | head -1)
exec "$java" -cp "bench/target/classes:$cp" org.openjdk.jmh.Main 'org.jvirt.bench.XmlThroughput' ${*:--f 1 -wi 3 -i 5 -w 1s -r 1s}
