#!/usr/bin/env bash
# A Java program outside the source tree that has nothing but the released jar on its class
# path, as a Maven user's application has (`make jvm-test`): the jar must find its own native
# library for the platform, with no -D property and no library path. It compares two arms and
# scores rows of a model file, and prints every number in full (Double.toString round-trips).
#
# Run by this machine's JVM, and, when an aarch64 Java runtime is given (the root of Debian's
# arm64 openjdk-17-jre-headless, libstdc++6, libgcc-s1 and zlib1g unpacked: `make arm-jre`), by
# that JVM under qemu-aarch64, where the jar must choose native/linux-aarch64 and print the same
# numbers, bit for bit.
# usage: jvm-consumer-test.sh JAR MODEL.bkm [AARCH64_RUNTIME_ROOT]
set -euo pipefail
jar="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
model="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
arm_root="${3:+$(cd "$3" && pwd)}"
[ -f "$jar" ] || { echo "jvm-consumer-test: $jar missing (make jvm-test builds it)" >&2; exit 1; }
tmp="$(mktemp -d "${TMPDIR:-/tmp}/bayeskit-jvm-consumer.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/Consumer.java" <<'JAVA'
import java.nio.file.Paths;
import java.util.Arrays;
import org.bayeskit.Beta;
import org.bayeskit.Comparison;
import org.bayeskit.LogisticModel;

public class Consumer {
  public static void main(String[] args) {
    Beta a = Beta.uniform().update(20, 980);
    Beta b = Beta.uniform().update(30, 970);
    Comparison c = a.compare(b);
    if (Math.abs(a.mean() - 21.0 / 1002.0) > 1e-15 || !(c.probBGreater() > 0.9 && c.probBGreater() < 1)) {
      throw new AssertionError("unexpected numbers: mean " + a.mean() + ", P(B > A) " + c.probBGreater());
    }
    System.out.println(System.getProperty("os.arch") + " consumer");
    System.out.println("mean " + a.mean() + ", P(B > A) " + c.probBGreater() + ", loss " + c.expectedLossA());
    try (LogisticModel m = LogisticModel.load(Paths.get(args[0]))) {
      for (int n = 0; n <= m.features(); n++) {
        int[] ids = new int[n];
        double[] values = new double[n];
        for (int j = 0; j < n; j++) {
          ids[j] = j;
          values[j] = (j % 2 == 1 ? -0.75 : 1.5) * (j + 1);
        }
        System.out.println("row " + n + ": " + Arrays.toString(m.predictProba(ids, values)));
      }
    }
  }
}
JAVA
cd "$tmp"
javac -cp "$jar" Consumer.java
unset LD_LIBRARY_PATH
java -cp "$jar:." Consumer "$model" | tee host.txt
if [ -n "$arm_root" ]; then
  # The runtime's own libraries (libstdc++, zlib) are in the unpacked root, not installed.
  LD_LIBRARY_PATH="$arm_root/usr/lib/aarch64-linux-gnu:$arm_root/lib/aarch64-linux-gnu" \
    qemu-aarch64-static -L /usr/aarch64-linux-gnu \
    "$arm_root/usr/lib/jvm/java-17-openjdk-arm64/bin/java" -cp "$jar:." Consumer "$model" > arm.txt
  head -n 1 arm.txt
  diff <(tail -n +2 host.txt) <(tail -n +2 arm.txt) \
    || { echo "jvm-consumer-test: the aarch64 JVM's numbers differ from this machine's" >&2; exit 1; }
  echo "aarch64 JVM under qemu: the same $(($(wc -l < arm.txt) - 1)) lines of numbers"
fi
