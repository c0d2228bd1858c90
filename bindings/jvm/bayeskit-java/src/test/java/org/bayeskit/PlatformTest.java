package org.bayeskit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The platform choice as a pure function of os.name, os.arch and the C library, for every platform. */
class PlatformTest {
  private static final List<String> ALL = List.of("linux-x86_64", "linux-aarch64", "linux-x86_64-musl",
      "linux-aarch64-musl", "macos-x86_64", "macos-aarch64", "windows-x86_64");

  @ParameterizedTest(name = "{0} / {1} / musl={2} -> {3}")
  @CsvSource({
    // os.name as JVMs report it, os.arch, musl, platform, path in the jar
    "Linux, amd64, false, linux-x86_64, /native/linux-x86_64/libbayeskit_jni.so",
    "Linux, x86_64, false, linux-x86_64, /native/linux-x86_64/libbayeskit_jni.so",
    "Linux, aarch64, false, linux-aarch64, /native/linux-aarch64/libbayeskit_jni.so",
    "Linux, arm64, false, linux-aarch64, /native/linux-aarch64/libbayeskit_jni.so",
    "Linux, amd64, true, linux-x86_64-musl, /native/linux-x86_64-musl/libbayeskit_jni.so",
    "Linux, x86_64, true, linux-x86_64-musl, /native/linux-x86_64-musl/libbayeskit_jni.so",
    "Linux, aarch64, true, linux-aarch64-musl, /native/linux-aarch64-musl/libbayeskit_jni.so",
    "Linux, arm64, true, linux-aarch64-musl, /native/linux-aarch64-musl/libbayeskit_jni.so",
    "Mac OS X, x86_64, false, macos-x86_64, /native/macos-x86_64/libbayeskit_jni.dylib",
    "Mac OS X, amd64, false, macos-x86_64, /native/macos-x86_64/libbayeskit_jni.dylib",
    "Mac OS X, aarch64, false, macos-aarch64, /native/macos-aarch64/libbayeskit_jni.dylib",
    "Darwin, arm64, false, macos-aarch64, /native/macos-aarch64/libbayeskit_jni.dylib",
    "Darwin, x86_64, false, macos-x86_64, /native/macos-x86_64/libbayeskit_jni.dylib",
    "Mac OS X, aarch64, true, macos-aarch64, /native/macos-aarch64/libbayeskit_jni.dylib",
    "Windows 10, amd64, false, windows-x86_64, /native/windows-x86_64/bayeskit_jni.dll",
    "Windows 11, amd64, false, windows-x86_64, /native/windows-x86_64/bayeskit_jni.dll",
    "Windows Server 2022, amd64, false, windows-x86_64, /native/windows-x86_64/bayeskit_jni.dll",
    "Windows Server 2019, x86_64, false, windows-x86_64, /native/windows-x86_64/bayeskit_jni.dll",
    "Windows 10, amd64, true, windows-x86_64, /native/windows-x86_64/bayeskit_jni.dll",
  })
  void realOsNameAndArchPairsChooseTheirPlatform(String osName, String osArch, boolean musl, String id,
      String resource) throws Exception {
    Platform p = Platform.of(osName, osArch, musl);
    assertEquals(id, p.id);
    assertEquals(resource, p.resource());
    assertEquals(resource.substring(resource.lastIndexOf('/') + 1), p.fileName());
    assertTrue(p.fileName().endsWith(p.suffix), p.fileName());
  }

  @Test
  void theSevenPlatformsAreTheJarsLayout() {
    assertEquals(ALL, Arrays.stream(Platform.values()).map(p -> p.id).collect(Collectors.toList()));
    assertEquals(String.join(", ", ALL), Platform.supported());
    assertEquals(".so", Platform.LINUX_AARCH64_MUSL.suffix);
    assertEquals(".dylib", Platform.MACOS_X86_64.suffix);
    assertEquals(".dll", Platform.WINDOWS_X86_64.suffix);
    assertEquals("libbayeskit_jni-0.3.0-", Platform.MACOS_AARCH64.tempPrefix("0.3.0"));
    assertEquals("bayeskit_jni-0.3.0-", Platform.WINDOWS_X86_64.tempPrefix("0.3.0"));
  }

  @ParameterizedTest(name = "{0} / {1} / musl={2}")
  @CsvSource({
    // Unknown OS
    "FreeBSD, amd64, false",
    "SunOS, amd64, false",
    "AIX, ppc64, false",
    "OpenBSD, aarch64, false",
    "'', amd64, false",
    // Unknown architecture
    "Linux, x86, false",
    "Linux, i386, false",
    "Linux, ppc64le, false",
    "Linux, s390x, false",
    "Linux, riscv64, false",
    "Linux, arm, false",
    "Linux, ppc64le, true",
    "Linux, '', false",
    "Windows 10, x86, false",
    "Windows 11, aarch64, false",
    "Mac OS X, ppc, false",
  })
  void anythingElseIsRefusedWithWhatWasSeenAndWhatIsSupported(String osName, String osArch, boolean musl) {
    Platform.Unsupported e = assertThrows(Platform.Unsupported.class, () -> Platform.of(osName, osArch, musl));
    String m = e.getMessage();
    assertTrue(m.contains("os.name=\"" + osName + "\""), m);
    assertTrue(m.contains("os.arch=\"" + osArch + "\""), m);
    assertTrue(m.contains(musl ? "libc=musl" : "libc=not musl"), m);
    for (String id : ALL) {
      assertTrue(m.contains(id), id + " missing from: " + m);
    }
  }

  @Test
  void nullPropertiesAreRefusedNotThrownAsNullPointers() {
    Platform.Unsupported e = assertThrows(Platform.Unsupported.class, () -> Platform.of(null, null, false));
    assertTrue(e.getMessage().contains("os.name=\"null\""), e.getMessage());
  }

  /** /proc/self/maps of OpenJDK 17 on Debian 12 (x86_64, glibc), abridged. */
  static final String GLIBC_DEBIAN = String.join("\n",
      "55d0c6e00000-55d0c6e01000 r--p 00000000 08:01 2622056                    /usr/lib/jvm/java-17-openjdk-amd64/bin/java",
      "55d0c6e01000-55d0c6e02000 r-xp 00001000 08:01 2622056                    /usr/lib/jvm/java-17-openjdk-amd64/bin/java",
      "55d0c8a3e000-55d0c8a5f000 rw-p 00000000 00:00 0                          [heap]",
      "7f1c28000000-7f1c28021000 rw-p 00000000 00:00 0 ",
      "7f1c29200000-7f1c29ec4000 r-xp 00000000 08:01 2622097                    "
          + "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so",
      "7f1c2a000000-7f1c2a028000 r--p 00000000 08:01 1234                       /usr/lib/x86_64-linux-gnu/libc.so.6",
      "7f1c2a028000-7f1c2a1bd000 r-xp 00028000 08:01 1234                       /usr/lib/x86_64-linux-gnu/libc.so.6",
      "7f1c2a3f0000-7f1c2a3f2000 r--p 00000000 08:01 1240                       /usr/lib/x86_64-linux-gnu/libz.so.1.2.13",
      "7f1c2a41c000-7f1c2a41d000 r--p 00000000 08:01 1201                       "
          + "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
      "7ffd5d3c1000-7ffd5d3e2000 rw-p 00000000 00:00 0                          [stack]",
      "7ffd5d3f4000-7ffd5d3f6000 r-xp 00000000 00:00 0                          [vdso]",
      "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]",
      "");

  /** CentOS 7 (glibc 2.17): the C library is named libc-2.17.so. */
  static final String GLIBC_CENTOS7 = String.join("\n",
      "00400000-00401000 r-xp 00000000 fd:00 50510843                           "
          + "/usr/lib/jvm/java-11-openjdk-11.0.20.0.8-1.el7_9.x86_64/bin/java",
      "7f2b7c1e5000-7f2b7c3a9000 r-xp 00000000 fd:00 33611999                   /usr/lib64/libc-2.17.so",
      "7f2b7c3a9000-7f2b7c5a8000 ---p 001c4000 fd:00 33611999                   /usr/lib64/libc-2.17.so",
      "7f2b7c5c7000-7f2b7c5e9000 r-xp 00000000 fd:00 33611992                   /usr/lib64/ld-2.17.so");

  /** Debian arm64 (glibc). */
  static final String GLIBC_AARCH64 = String.join("\n",
      "ffff8c200000-ffff8cf3d000 r-xp 00000000 103:02 1443                     "
          + "/usr/lib/jvm/java-17-openjdk-arm64/lib/server/libjvm.so",
      "ffff8d1b0000-ffff8d338000 r-xp 00000000 103:02 2107                     /usr/lib/aarch64-linux-gnu/libc.so.6",
      "ffff8d3d0000-ffff8d3fb000 r-xp 00000000 103:02 2101                     /usr/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1");

  /** OpenJDK 17 on Alpine 3.19 (x86_64, musl): musl's libc is its dynamic loader. */
  static final String MUSL_ALPINE = String.join("\n",
      "5616c2a2b000-5616c2a2c000 r--p 00000000 00:2f 1582390                    /usr/lib/jvm/java-17-openjdk/bin/java",
      "7f0bd1400000-7f0bd20b6000 r-xp 00000000 00:2f 1582447                    "
          + "/usr/lib/jvm/java-17-openjdk/lib/server/libjvm.so",
      "7f0bd2541000-7f0bd2555000 r-xp 00003000 00:2f 1581873                    /usr/lib/libgcc_s.so.1",
      "7f0bd2561000-7f0bd2575000 r-xp 00002000 00:2f 1581990                    /usr/lib/libz.so.1.3",
      "7f0bd2589000-7f0bd259d000 r--p 00000000 00:2f 1576052                    /lib/ld-musl-x86_64.so.1",
      "7f0bd259d000-7f0bd25e9000 r-xp 00014000 00:2f 1576052                    /lib/ld-musl-x86_64.so.1",
      "7ffc3a0e4000-7ffc3a105000 rw-p 00000000 00:00 0                          [stack]",
      "");

  /** Alpine on arm64, with the loader seen through its libc.musl alias. */
  static final String MUSL_AARCH64 = String.join("\n",
      "ffffa0a00000-ffffa1640000 r-xp 00000000 00:2f 401                        "
          + "/usr/lib/jvm/java-17-openjdk/lib/server/libjvm.so",
      "ffffa1a9b000-ffffa1b2c000 r-xp 00000000 00:2f 77                         /lib/libc.musl-aarch64.so.1");

  @Test
  void theMapsParserTellsGlibcFromMusl() {
    assertEquals(Platform.Libc.GLIBC, Platform.libcInMaps(GLIBC_DEBIAN));
    assertEquals(Platform.Libc.GLIBC, Platform.libcInMaps(GLIBC_CENTOS7));
    assertEquals(Platform.Libc.GLIBC, Platform.libcInMaps(GLIBC_AARCH64));
    assertEquals(Platform.Libc.MUSL, Platform.libcInMaps(MUSL_ALPINE));
    assertEquals(Platform.Libc.MUSL, Platform.libcInMaps(MUSL_AARCH64));
    assertEquals(Platform.Libc.MUSL, Platform.libcInMaps(MUSL_ALPINE.replace("\n", "\r\n")));
  }

  @Test
  void theMapsParserLooksAtFileNamesOnly() {
    assertEquals(Platform.Libc.UNKNOWN, Platform.libcInMaps(""));
    assertEquals(Platform.Libc.UNKNOWN, Platform.libcInMaps(
        "7ffd5d3c1000-7ffd5d3e2000 rw-p 00000000 00:00 0                          [stack]\n"
        + "7f0bd2541000-7f0bd2555000 r-xp 00003000 00:2f 1581873                    /opt/app/libc.so.6.bak\n"
        + "7f0bd2541000-7f0bd2555000 r-xp 00003000 00:2f 1581873                    /opt/ld-musl-x86_64.so.1/libfoo.so\n"));
    assertEquals(Platform.Libc.GLIBC, Platform.libcInMaps(
        "7f1c2a000000-7f1c2a028000 r--p 00000000 08:01 1234                       /home/ld-musl-fan/libc.so.6\n"));
    assertEquals(Platform.Libc.MUSL, Platform.libcInMaps(
        "7f0bd2589000-7f0bd259d000 r--p 00000000 00:2f 1576052                    /lib/ld-musl-x86_64.so.1 (deleted)\n"));
    // Musl's loader mapped means musl, whatever else is there.
    assertEquals(Platform.Libc.MUSL, Platform.libcInMaps(GLIBC_DEBIAN + MUSL_ALPINE));
  }

  @Test
  void withoutProcTheMuslLoaderDecides() {
    assertEquals("/lib/ld-musl-x86_64.so.1", Platform.muslLoader("amd64"));
    assertEquals("/lib/ld-musl-x86_64.so.1", Platform.muslLoader("x86_64"));
    assertEquals("/lib/ld-musl-aarch64.so.1", Platform.muslLoader("arm64"));
    assertNull(Platform.muslLoader("ppc64le"));

    List<String> asked = new ArrayList<>();
    Set<String> alpine = Set.of("/lib/ld-musl-x86_64.so.1");
    assertTrue(Platform.isMusl(null, "amd64", p -> asked.add(p) && alpine.contains(p)));
    assertEquals(List.of("/lib/ld-musl-x86_64.so.1"), asked);
    assertFalse(Platform.isMusl(null, "aarch64", alpine::contains));
    assertFalse(Platform.isMusl(null, "amd64", p -> false));
    assertFalse(Platform.isMusl(null, "s390x", p -> true));
    // A maps text naming no C library also falls back.
    assertTrue(Platform.isMusl("", "amd64", alpine::contains));
    // When the maps name one, the file system is not asked.
    assertFalse(Platform.isMusl(GLIBC_DEBIAN, "amd64", p -> {
      throw new AssertionError("asked for " + p);
    }));
    assertTrue(Platform.isMusl(MUSL_ALPINE, "amd64", p -> {
      throw new AssertionError("asked for " + p);
    }));
  }

  @Test
  void thisJvmIsLinuxX86_64WithGlibc() throws Exception {
    String maps = new String(Files.readAllBytes(Paths.get("/proc/self/maps")), StandardCharsets.ISO_8859_1);
    assertEquals(Platform.Libc.GLIBC, Platform.libcInMaps(maps));
    assertEquals(Platform.LINUX_X86_64, Platform.current());
    assertTrue(NativeLoader.class.getResource(Platform.current().resource()) != null, "the bundled library");
  }
}
