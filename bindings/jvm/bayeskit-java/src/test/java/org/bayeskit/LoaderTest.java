package org.bayeskit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading happens once per JVM, so each case runs in a fresh JVM ({@link #main}). */
class LoaderTest {
  /** Loads the library and prints the version and a posterior mean. */
  public static void main(String[] args) {
    System.out.println("loaded " + Native.utf8(Native.version()) + " mean=" + new Beta(1, 3).mean());
  }

  private static String run(String... props) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    for (String p : props) {
      cmd.add("-D" + p);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(LoaderTest.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return "exit=" + p.exitValue() + "\n" + out;
  }

  @Test
  void extractsIntoTheWorkDirAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
    String out = run("bayeskit.native.workdir=" + dir);
    assertTrue(out.startsWith("exit=0") && out.contains("loaded " + NativeLoader.version() + " mean=0.25"), out);
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(0, left.count(), "the extracted library is deleted after loading");
    }
  }

  @Test
  void theOverridePropertyIsUsedAndAFailureSaysWhatWasTried(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope.so");
    String out = run("bayeskit.native.path=" + missing);
    assertTrue(out.startsWith("exit=1"), out);
    assertTrue(out.contains("-Dbayeskit.native.path=" + missing) && out.contains("cannot load"), out);

    Path notALibrary = dir.resolve("libfake.so");
    Files.writeString(notALibrary, "not an ELF file");
    out = run("bayeskit.native.path=" + notALibrary);
    assertTrue(out.startsWith("exit=1") && out.contains(notALibrary.toString()), out);
  }

  @Test
  void anUnwritableWorkDirIsExplained(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    String out = run("bayeskit.native.workdir=" + file.resolve("sub"), "java.library.path=" + dir);
    assertTrue(out.startsWith("exit=1"), out);
    assertTrue(out.contains("cannot create a file in") && out.contains("System.loadLibrary"), out);
  }

  @Test
  void anUnsupportedPlatformIsExplainedAndSystemLoadLibraryStillTried(@TempDir Path dir) throws Exception {
    String out = run("os.arch=ppc64le", "java.library.path=" + dir);
    assertTrue(out.startsWith("exit=1"), out);
    assertTrue(out.contains("os.name=\"Linux\", os.arch=\"ppc64le\", libc=not musl"), out);
    for (Platform p : Platform.values()) {
      assertTrue(out.contains(p.id), p.id + " missing from: " + out);
    }
    assertTrue(out.contains("System.loadLibrary(\"bayeskit_jni\") with java.library.path=" + dir), out);

    // The same refusal, then the library on java.library.path.
    Path bundled = Paths.get(NativeLoader.class.getResource(Platform.LINUX_X86_64.resource()).toURI());
    out = run("os.arch=ppc64le", "java.library.path=" + bundled.getParent());
    assertTrue(out.startsWith("exit=0") && out.contains("loaded " + NativeLoader.version()), out);
  }

  @Test
  void theJarCarriesEveryPlatform() {
    for (Platform p : Platform.values()) {
      assertNotNull(NativeLoader.class.getResource(p.resource()), p.resource() + " is not bundled (make jvm-native)");
    }
  }

  @Test
  void anotherPlatformsLibraryIsRefusedWithTheLoadersReason(@TempDir Path dir) throws Exception {
    // The jar's aarch64 library, extracted and handed to an x86_64 JVM: the loader's own error
    // (a wrong ELF machine) is in the message, and System.loadLibrary is tried after it.
    String out = run("os.arch=aarch64", "java.library.path=" + dir);
    assertTrue(out.startsWith("exit=1"), out);
    assertTrue(out.contains("/native/linux-aarch64/libbayeskit_jni.so") && out.contains("but loading failed")
        && out.contains("System.loadLibrary"), out);
  }

  @Test
  void theJarVersionIsTheCratesVersion() throws IOException {
    String cargo = Files.readString(TestFiles.repo().resolve("Cargo.toml"));
    assertTrue(cargo.contains("version = \"" + NativeLoader.version() + "\""), NativeLoader.version());
    assertEquals(NativeLoader.version(), Native.utf8(Native.version()));
  }
}
