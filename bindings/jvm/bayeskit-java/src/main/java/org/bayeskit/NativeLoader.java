package org.bayeskit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Loads libbayeskit_jni once, in this order:
 *
 * <ol>
 *   <li>{@code -Dbayeskit.native.path=/path/to/libbayeskit_jni.so}: that file and nothing else;
 *   <li>the copy bundled in the jar for this platform ({@link Platform}), extracted to a private
 *       temp file (in {@code -Dbayeskit.native.workdir}, default {@code java.io.tmpdir}) whose name
 *       carries the version and whose suffix is the platform's, loaded, and deleted right after
 *       loading;
 *   <li>{@code System.loadLibrary("bayeskit_jni")} (java.library.path), for platforms without a
 *       bundled copy.
 * </ol>
 *
 * <p>The jar has room for seven platforms, chosen by OS, architecture and C library:
 *
 * <pre>
 * native/linux-x86_64/libbayeskit_jni.so         Linux x86_64, glibc
 * native/linux-aarch64/libbayeskit_jni.so        Linux aarch64, glibc
 * native/linux-x86_64-musl/libbayeskit_jni.so    Linux x86_64, musl (Alpine)
 * native/linux-aarch64-musl/libbayeskit_jni.so   Linux aarch64, musl
 * native/macos-x86_64/libbayeskit_jni.dylib      macOS x86_64
 * native/macos-aarch64/libbayeskit_jni.dylib     macOS aarch64
 * native/windows-x86_64/bayeskit_jni.dll         Windows x86_64
 * </pre>
 *
 * A build may carry only some of them (a developer build only linux-x86_64). On another platform
 * the bundled attempt is refused with the os.name, os.arch and C library seen and the supported
 * list, and {@code System.loadLibrary} is still tried.
 *
 * <p>A failure throws {@link UnsatisfiedLinkError} listing every attempt and why it failed. The
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
    Platform platform = null;
    try {
      platform = Platform.current();
    } catch (Platform.Unsupported e) {
      tried.add("the bundled copy: " + e.getMessage());
    }
    if (platform != null) {
      String resource = platform.resource();
      if (NativeLoader.class.getResource(resource) != null) {
        String error = extractAndLoad(platform, resource, version);
        if (error == null) {
          checkVersion(version, "the jar's " + resource);
          return;
        }
        tried.add("the bundled " + resource + ": " + error);
      } else {
        tried.add("the bundled " + resource + ": not in the jar (this build carries no library for " + platform.id + ")");
      }
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
  private static String extractAndLoad(Platform platform, String resource, String version) {
    String dirName = System.getProperty(WORKDIR_PROPERTY, System.getProperty("java.io.tmpdir"));
    Path dir = Paths.get(dirName);
    Path file;
    try {
      Files.createDirectories(dir);
      file = Files.createTempFile(dir, platform.tempPrefix(version), platform.suffix);
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
