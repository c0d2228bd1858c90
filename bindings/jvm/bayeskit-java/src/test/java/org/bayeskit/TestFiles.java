package org.bayeskit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Files the tests read: the C reference results and the repository's references, plus a tiny JSON reader. */
final class TestFiles {
  private TestFiles() {}

  static Path repo() {
    return Paths.get(System.getProperty("bayeskit.test.repo", "../../..")).toAbsolutePath().normalize();
  }

  /** name → the doubles the C reference program wrote for it, as bit patterns. */
  static Map<String, long[]> cReference() throws IOException {
    String p = System.getProperty("bayeskit.test.reference");
    if (p == null) {
      throw new IllegalStateException("-Dbayeskit.test.reference not set (run through `make jvm-test`)");
    }
    Map<String, long[]> m = new HashMap<>();
    for (String line : Files.readAllLines(Paths.get(p), StandardCharsets.UTF_8)) {
      String[] f = line.trim().split(" ");
      long[] bits = new long[f.length - 1];
      for (int i = 1; i < f.length; i++) {
        bits[i - 1] = Long.parseUnsignedLong(f[i], 16);
      }
      m.put(f[0], bits);
    }
    return m;
  }

  static Object json(Path p) throws IOException {
    String s = Files.readString(p);
    int[] pos = {0};
    Object v = value(s, pos);
    return v;
  }

  private static void ws(String s, int[] p) {
    while (p[0] < s.length() && Character.isWhitespace(s.charAt(p[0]))) {
      p[0]++;
    }
  }

  private static Object value(String s, int[] p) {
    ws(s, p);
    char c = s.charAt(p[0]);
    if (c == '{') {
      Map<String, Object> m = new LinkedHashMap<>();
      p[0]++;
      ws(s, p);
      if (s.charAt(p[0]) == '}') {
        p[0]++;
        return m;
      }
      while (true) {
        ws(s, p);
        String k = (String) value(s, p);
        ws(s, p);
        p[0]++; // ':'
        m.put(k, value(s, p));
        ws(s, p);
        if (s.charAt(p[0]++) == '}') {
          return m;
        }
      }
    }
    if (c == '[') {
      List<Object> l = new ArrayList<>();
      p[0]++;
      ws(s, p);
      if (s.charAt(p[0]) == ']') {
        p[0]++;
        return l;
      }
      while (true) {
        l.add(value(s, p));
        ws(s, p);
        if (s.charAt(p[0]++) == ']') {
          return l;
        }
      }
    }
    if (c == '"') {
      StringBuilder b = new StringBuilder();
      p[0]++;
      while (s.charAt(p[0]) != '"') {
        char x = s.charAt(p[0]++);
        if (x == '\\') {
          char e = s.charAt(p[0]++);
          b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'u' ? (char) Integer.parseInt(s.substring(p[0], p[0] += 4), 16) : e);
        } else {
          b.append(x);
        }
      }
      p[0]++;
      return b.toString();
    }
    for (String w : new String[] {"true", "false", "null", "NaN", "Infinity", "-Infinity"}) {
      if (s.startsWith(w, p[0])) {
        p[0] += w.length();
        return switch (w) {
          case "true" -> Boolean.TRUE;
          case "false" -> Boolean.FALSE;
          case "null" -> null;
          default -> Double.parseDouble(w);
        };
      }
    }
    int start = p[0];
    while (p[0] < s.length() && "+-0123456789.eE".indexOf(s.charAt(p[0])) >= 0) {
      p[0]++;
    }
    return Double.parseDouble(s.substring(start, p[0]));
  }
}
