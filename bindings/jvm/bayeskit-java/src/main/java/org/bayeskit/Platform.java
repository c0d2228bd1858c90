package org.bayeskit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The platforms the jar carries a JNI library for, each under {@code native/<id>/<fileName>}.
 *
 * <p>{@link #of} chooses one from {@code os.name}, {@code os.arch} and whether the C library is
 * musl, as a pure function: the file name is that platform's, not {@code System.mapLibraryName} of
 * the running JVM, so every platform can be checked on any machine. {@link #isMusl(String, String,
 * Predicate)} tells musl from glibc by what the process has mapped; {@link #current()} is the only
 * part that reads system properties and files.
 */
enum Platform {
  LINUX_X86_64("linux-x86_64", "lib", ".so"),
  LINUX_AARCH64("linux-aarch64", "lib", ".so"),
  LINUX_X86_64_MUSL("linux-x86_64-musl", "lib", ".so"),
  LINUX_AARCH64_MUSL("linux-aarch64-musl", "lib", ".so"),
  MACOS_X86_64("macos-x86_64", "lib", ".dylib"),
  MACOS_AARCH64("macos-aarch64", "lib", ".dylib"),
  WINDOWS_X86_64("windows-x86_64", "", ".dll");

  /** The directory under {@code native/} in the jar: {@code linux-x86_64}, {@code macos-aarch64}, ... */
  final String id;
  private final String prefix;
  /** {@code .so}, {@code .dylib} or {@code .dll}: also the suffix of the extracted temp file. */
  final String suffix;

  Platform(String id, String prefix, String suffix) {
    this.id = id;
    this.prefix = prefix;
    this.suffix = suffix;
  }

  /** {@code libbayeskit_jni.so}, {@code libbayeskit_jni.dylib} or {@code bayeskit_jni.dll}. */
  String fileName() {
    return prefix + NativeLoader.LIBRARY + suffix;
  }

  /** The library's path in the jar, e.g. {@code /native/macos-aarch64/libbayeskit_jni.dylib}. */
  String resource() {
    return "/native/" + id + "/" + fileName();
  }

  /** The start of the extracted temp file's name, e.g. {@code libbayeskit_jni-0.3.0-}. */
  String tempPrefix(String version) {
    return prefix + NativeLoader.LIBRARY + "-" + version + "-";
  }

  /** No library in the jar for what the JVM reports; the message names what was seen and what is supported. */
  static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported(String message) {
      super(message);
    }
  }

  /**
   * The platform for these {@code os.name} and {@code os.arch} values ({@code "Linux"}, {@code
   * "Mac OS X"}, {@code "Windows Server 2022"}, ...; {@code "amd64"}, {@code "x86_64"}, {@code
   * "aarch64"}, {@code "arm64"}). {@code musl} chooses the musl variant on Linux and is ignored
   * elsewhere.
   *
   * @throws Unsupported for any other OS or architecture, naming both values, the C library and
   *     the supported platforms
   */
  static Platform of(String osName, String osArch, boolean musl) throws Unsupported {
    String os = osName == null ? "" : osName.trim().toLowerCase(Locale.ROOT);
    String arch = normalArch(osArch);
    if (arch != null) {
      boolean x86 = arch.equals("x86_64");
      if (isLinux(osName)) {
        return x86 ? (musl ? LINUX_X86_64_MUSL : LINUX_X86_64) : (musl ? LINUX_AARCH64_MUSL : LINUX_AARCH64);
      }
      if (os.startsWith("mac os x") || os.startsWith("macos") || os.equals("darwin")) {
        return x86 ? MACOS_X86_64 : MACOS_AARCH64;
      }
      if (os.startsWith("windows") && x86) {
        return WINDOWS_X86_64;
      }
    }
    throw new Unsupported("no native library in the jar for os.name=\"" + osName + "\", os.arch=\"" + osArch
        + "\", libc=" + (musl ? "musl" : "not musl") + "; it carries one for " + supported());
  }

  /** The supported platforms, comma-separated, in the order of the table. */
  static String supported() {
    return Arrays.stream(values()).map(p -> p.id).collect(Collectors.joining(", "));
  }

  /** Whether {@code os.name} is Linux (the only OS with musl variants). */
  static boolean isLinux(String osName) {
    return osName != null && osName.trim().toLowerCase(Locale.ROOT).startsWith("linux");
  }

  /** {@code x86_64} or {@code aarch64} for the spellings JVMs report, else null. */
  private static String normalArch(String osArch) {
    String a = osArch == null ? "" : osArch.trim().toLowerCase(Locale.ROOT);
    switch (a) {
      case "amd64":
      case "x86_64":
        return "x86_64";
      case "aarch64":
      case "arm64":
        return "aarch64";
      default:
        return null;
    }
  }

  /** The C library a process has mapped, as far as {@code /proc/self/maps} tells. */
  enum Libc { GLIBC, MUSL, UNKNOWN }

  /**
   * Reads the text of {@code /proc/self/maps}: a musl process maps {@code ld-musl-<arch>.so.1} (or
   * {@code libc.musl-<arch>.so.1}), a glibc one {@code libc.so.6} (or {@code libc-2.x.so}); musl
   * wins if both appear. Only the file name of each mapping counts, not its directories.
   */
  static Libc libcInMaps(String maps) {
    boolean glibc = false;
    for (String line : maps.split("\n", -1)) {
      int slash = line.lastIndexOf('/');
      if (slash < 0) {
        continue; // anonymous, [heap], [stack], [vdso], ...
      }
      String name = line.substring(slash + 1).trim();
      if (name.endsWith(" (deleted)")) {
        name = name.substring(0, name.length() - " (deleted)".length());
      }
      if ((name.startsWith("ld-musl-") || name.startsWith("libc.musl-")) && name.endsWith(".so.1")) {
        return Libc.MUSL;
      }
      if (name.equals("libc.so.6") || (name.startsWith("libc-2.") && name.endsWith(".so"))) {
        glibc = true;
      }
    }
    return glibc ? Libc.GLIBC : Libc.UNKNOWN;
  }

  /** {@code /lib/ld-musl-x86_64.so.1} or {@code /lib/ld-musl-aarch64.so.1}; null for other architectures. */
  static String muslLoader(String osArch) {
    String arch = normalArch(osArch);
    return arch == null ? null : "/lib/ld-musl-" + arch + ".so.1";
  }

  /**
   * Whether the process runs on musl: from {@code maps} (the text of {@code /proc/self/maps}, null
   * if unreadable) when it names a C library, else whether musl's loader for {@code osArch} exists.
   */
  static boolean isMusl(String maps, String osArch, Predicate<String> exists) {
    Libc seen = maps == null ? Libc.UNKNOWN : libcInMaps(maps);
    if (seen != Libc.UNKNOWN) {
      return seen == Libc.MUSL;
    }
    String loader = muslLoader(osArch);
    return loader != null && exists.test(loader);
  }

  /** The running JVM's platform (reads {@code /proc/self/maps} on Linux). */
  static Platform current() throws Unsupported {
    String osName = System.getProperty("os.name", "");
    String osArch = System.getProperty("os.arch", "");
    boolean musl = isLinux(osName) && isMusl(readMaps(), osArch, path -> Files.exists(Paths.get(path)));
    return of(osName, osArch, musl);
  }

  /** The text of {@code /proc/self/maps} (bytes as Latin-1: paths need not be UTF-8), or null. */
  private static String readMaps() {
    try {
      return new String(Files.readAllBytes(Paths.get("/proc/self/maps")), StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
