package org.bayeskit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Loads libbayeskit_jni once, in this order:
 *
 * <ol>
 *   <li>{@code -Dbayeskit.native.path=/path/to/libbayeskit_jni.so}: that file and nothing else;
 *   <li>the copy bundled in the jar ({@code native/<os>-<arch>/libbayeskit_jni.so}), extracted to
 *       a private temp file (in {@code -Dbayeskit.native.workdir}, default {@code java.io.tmpdir})
 *       whose name carries the version, loaded, and deleted right after loading;
 *   <li>{@code System.loadLibrary("bayeskit_jni")} (java.library.path), for platforms without a
 *       bundled copy.
 * </ol>
 *
 * A failure throws {@link UnsatisfiedLinkError} listing every attempt and why it failed. The
 * loaded library's version must equal the jar's.
 */
final class NativeLoader {
  static final String PATH_PROPERTY = "bayeskit.native.path";
  static final String WORKDIR_PROPERTY = "bayeskit.native.workdir";
  static final String LIBRARY = "bayeskit_jni";

  private NativeLoader() {}

  /** The version of this jar (and of the native library it needs). */
  static String version() {
    Properties p = new Properties();
    try (InputStream in = NativeLoader.class.getResourceAsStream("bayeskit-version.properties")) {
      if (in == null) {
        throw new IllegalStateException("bayeskit-version.properties missing from the jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read bayeskit-version.properties", e);
    }
    return p.getProperty("version");
  }

  /** {@code linux-x86_64}, {@code linux-aarch64}, {@code osx-aarch64}, ... */
  static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "windows" : os;
    String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("arm64") ? "aarch64" : arch;
    return o + "-" + a;
  }

  static void load() {
    String version = version();
    List<String> tried = new ArrayList<>();
    String override = System.getProperty(PATH_PROPERTY);
    if (override != null && !override.isEmpty()) {
      try {
        System.load(Paths.get(override).toAbsolutePath().toString());
      } catch (UnsatisfiedLinkError e) {
        throw new UnsatisfiedLinkError("bayeskit: cannot load the native library given by -D" + PATH_PROPERTY
            + "=" + override + ": " + e.getMessage());
      }
      checkVersion(version, "-D" + PATH_PROPERTY + "=" + override);
      return;
    }
    String resource = "/native/" + platform() + "/" + System.mapLibraryName(LIBRARY);
    if (NativeLoader.class.getResource(resource) != null) {
      String error = extractAndLoad(resource, version);
      if (error == null) {
        checkVersion(version, "the jar's " + resource);
        return;
      }
      tried.add("the bundled " + resource + ": " + error);
    } else {
      tried.add("the bundled " + resource + ": not in the jar (no native library for this platform)");
    }
    try {
      System.loadLibrary(LIBRARY);
      checkVersion(version, "System.loadLibrary(\"" + LIBRARY + "\")");
      return;
    } catch (UnsatisfiedLinkError e) {
      tried.add("System.loadLibrary(\"" + LIBRARY + "\") with java.library.path="
          + System.getProperty("java.library.path") + ": " + e.getMessage());
    }
    throw new UnsatisfiedLinkError("bayeskit " + version + ": cannot load the native library; tried\n  - "
        + String.join("\n  - ", tried) + "\nSet -D" + PATH_PROPERTY + "=/path/to/" + System.mapLibraryName(LIBRARY)
        + " to use a library of your own.");
  }

  /** Extracts and loads; returns null on success, else why it failed. */
  private static String extractAndLoad(String resource, String version) {
    String dirName = System.getProperty(WORKDIR_PROPERTY, System.getProperty("java.io.tmpdir"));
    Path dir = Paths.get(dirName);
    Path file;
    try {
      Files.createDirectories(dir);
      file = Files.createTempFile(dir, "lib" + LIBRARY + "-" + version + "-", ".so");
    } catch (IOException | RuntimeException e) {
      return "cannot create a file in " + dir + " (" + e + "); set -D" + WORKDIR_PROPERTY + " to a writable directory";
    }
    try {
      try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      System.load(file.toAbsolutePath().toString());
      return null;
    } catch (IOException e) {
      return "cannot extract it to " + file + ": " + e;
    } catch (UnsatisfiedLinkError e) {
      String m = String.valueOf(e.getMessage());
      String hint = m.contains("failed to map segment") || m.contains("Operation not permitted")
          ? " (" + dir + " is probably mounted noexec: set -D" + WORKDIR_PROPERTY + " to a directory that allows executables)"
          : "";
      return "extracted to " + file + " but loading failed: " + m + hint;
    } finally {
      // Once loaded (or not), the file is not needed: nothing is left behind.
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        file.toFile().deleteOnExit();
      }
    }
  }

  private static void checkVersion(String expected, String where) {
    String loaded = Native.utf8(Native.version());
    if (!loaded.equals(expected)) {
      throw new UnsatisfiedLinkError("bayeskit: " + where + " is version " + loaded + " but this jar is " + expected);
    }
  }
}
