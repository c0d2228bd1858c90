#!/usr/bin/env bash
# A Java program outside the source tree that has nothing but the released jar on its class
# path, as a Maven user's application has (`make jvm-test`): the jar must find its own native
# library for this platform, with no -D property and no library path.
# usage: jvm-consumer-test.sh bindings/jvm/bayeskit-java/target/bayeskit-java-VERSION.jar
set -euo pipefail
jar="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
[ -f "$jar" ] || { echo "jvm-consumer-test: $jar missing (make jvm-test builds it)" >&2; exit 1; }
tmp="$(mktemp -d "${TMPDIR:-/tmp}/bayeskit-jvm-consumer.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/Consumer.java" <<'JAVA'
import org.bayeskit.Beta;
import org.bayeskit.Comparison;

public class Consumer {
  public static void main(String[] args) {
    Beta a = Beta.uniform().update(20, 980);
    Beta b = Beta.uniform().update(30, 970);
    Comparison c = a.compare(b);
    if (Math.abs(a.mean() - 21.0 / 1002.0) > 1e-15 || !(c.probBGreater() > 0.9 && c.probBGreater() < 1)) {
      throw new AssertionError("unexpected numbers: mean " + a.mean() + ", P(B > A) " + c.probBGreater());
    }
    System.out.println("consumer: mean " + a.mean() + ", P(B > A) " + c.probBGreater());
  }
}
JAVA
cd "$tmp"
javac -cp "$jar" Consumer.java
unset LD_LIBRARY_PATH
java -cp "$jar:." Consumer
