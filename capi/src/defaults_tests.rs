//! Defaults are stated once, in the core's `Default`s (and the documented
//! constants `bayeskit::DEFAULT_LEVEL` and `bayeskit::logistic::DEFAULT_HASH_SEED`):
//!
//! - every `bk_*_options_default` fills in the core's defaults: read back
//!   through the C ABI's own translation, each struct is the core's `Default`;
//! - the JVM binding restates none: each Java options record's `defaults()`
//!   calls a JNI native (which calls the matching `bk_*_options_default`), and
//!   every default argument of the Scala options comes from those (through
//!   `NativeDefaults`). A binding that writes a default value into its source
//!   fails here.

use std::path::{Path, PathBuf};

fn ok<T>(r: super::FfiResult<T>, what: &str) -> T {
    r.unwrap_or_else(|_| panic!("{what}: the default options are refused"))
}

#[test]
fn c_defaults_are_the_core_defaults() {
    use super::*;
    use bayeskit::dirichlet_fit as dm;
    use bayeskit::logistic as lg;

    unsafe {
        let mut o: bk_compare_options = std::mem::zeroed();
        assert_eq!(bk_compare_options_default(&mut o), BK_OK);
        assert_eq!(o.struct_size as usize, std::mem::size_of::<bk_compare_options>());
        assert_eq!(o.level.to_bits(), bayeskit::DEFAULT_LEVEL.to_bits());

        let mut o: bk_dm_read_options = std::mem::zeroed();
        assert_eq!(bk_dm_read_options_default(&mut o), BK_OK);
        assert_eq!(o.struct_size as usize, std::mem::size_of::<bk_dm_read_options>());
        assert_eq!(
            ok(dirichlet_fit::read_options_in(&o), "dm read"),
            dm::ReadOptions::default()
        );

        let mut o: bk_dm_fit_options = std::mem::zeroed();
        assert_eq!(bk_dm_fit_options_default(&mut o), BK_OK);
        assert_eq!(o.struct_size as usize, std::mem::size_of::<bk_dm_fit_options>());
        assert_eq!(dirichlet_fit::fit_options_in(&o), dm::FitOptions::default());

        let mut o: bk_prior_fit_options = std::mem::zeroed();
        assert_eq!(bk_prior_fit_options_default(&mut o), BK_OK);
        assert_eq!(
            o.struct_size as usize,
            std::mem::size_of::<bk_prior_fit_options>()
        );
        assert_eq!(
            ok(prior_fit::options_in(&o), "prior fit"),
            bayeskit::prior_fit::PriorFitOptions::default()
        );

        let mut o: bk_logistic_read_options = std::mem::zeroed();
        assert_eq!(bk_logistic_read_options_default(&mut o), BK_OK);
        assert_eq!(
            o.struct_size as usize,
            std::mem::size_of::<bk_logistic_read_options>()
        );
        assert_eq!(
            ok(logistic::svmlight_options_in(&o), "svmlight"),
            lg::SvmlightOptions::default()
        );
        assert_eq!(
            ok(logistic::phrase_options_in(&o), "phrases"),
            lg::PhraseOptions::default()
        );
        // The seed a caller gets on asking for hashing (hash_bits alone).
        assert_eq!(o.hash_seed, lg::DEFAULT_HASH_SEED);

        let mut o: bk_logistic_train_options = std::mem::zeroed();
        assert_eq!(bk_logistic_train_options_default(&mut o), BK_OK);
        assert_eq!(
            o.struct_size as usize,
            std::mem::size_of::<bk_logistic_train_options>()
        );
        assert_eq!(
            ok(logistic::train_options_in(&o, None), "train"),
            lg::TrainOptions::default()
        );

        let mut o: bk_logistic_eval_options = std::mem::zeroed();
        assert_eq!(bk_logistic_eval_options_default(&mut o), BK_OK);
        assert_eq!(
            o.struct_size as usize,
            std::mem::size_of::<bk_logistic_eval_options>()
        );
        let clip = (o.clip != 0.0).then_some(o.clip);
        assert_eq!(lg::EvalOptions { clip }, lg::EvalOptions::default());

        let mut o: bk_logistic_mc_options = std::mem::zeroed();
        assert_eq!(bk_logistic_mc_options_default(&mut o), BK_OK);
        assert_eq!(
            o.struct_size as usize,
            std::mem::size_of::<bk_logistic_mc_options>()
        );
        let d = lg::McOptions::default();
        assert_eq!((o.draws, o.level.to_bits()), (d.draws as u64, d.level.to_bits()));

        let mut o: bk_logistic_path_options = std::mem::zeroed();
        assert_eq!(bk_logistic_path_options_default(&mut o), BK_OK);
        assert_eq!(
            o.struct_size as usize,
            std::mem::size_of::<bk_logistic_path_options>()
        );
        let (d, cv) = (lg::PathOptions::default(), lg::CvOptions::default());
        let lg::Lambdas::Grid { count, min_ratio } = d.lambdas else {
            panic!("the core's default λ sequence is not a grid")
        };
        assert_eq!(
            (o.n_lambdas as usize, o.min_ratio.to_bits()),
            (count, min_ratio.to_bits())
        );
        assert!(
            o.lambdas.is_null() && o.n_values == 0,
            "a grid: no explicit values"
        );
        assert_eq!(o.early_stop != 0, d.early_stop);
        assert_eq!(o.folds, 0, "no cross-validation unless asked for");
        assert_eq!(o.seed, cv.seed);
        let choice = if o.choice == BK_CV_ONE_SE {
            lg::Choice::OneSe
        } else {
            assert_eq!(o.choice, BK_CV_MIN);
            lg::Choice::Min
        };
        assert_eq!(choice, cv.choice);
    }
    unsafe {
        let mut o: bk_bandit_options = std::mem::zeroed();
        assert_eq!(bk_bandit_options_default(&mut o), BK_OK);
        assert_eq!(o.struct_size as usize, std::mem::size_of::<bk_bandit_options>());
        let d = bayeskit::bandit::BanditOptions::default();
        assert_eq!(o.top_two_beta.to_bits(), d.top_two_beta.to_bits());
        let mut o: bk_bandit_report_options = std::mem::zeroed();
        assert_eq!(bk_bandit_report_options_default(&mut o), BK_OK);
        assert_eq!(
            o.struct_size as usize,
            std::mem::size_of::<bk_bandit_report_options>()
        );
        let d = bayeskit::bandit::ReportOptions::default();
        assert_eq!((o.draws, o.level.to_bits()), (d.draws, d.level.to_bits()));
    }
    // The C struct has one skip_bad for all readers: the core's readers agree.
    assert_eq!(
        lg::SvmlightOptions::default().skip_bad,
        lg::PhraseOptions::default().skip_bad
    );
}

// ---------------------------------------------------------------- the JVM sources

fn jvm() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../bindings/jvm")
}

/// The files under `dir` (recursively) whose names end with `ext`, sorted.
fn sources(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// `src` without its comments (`//` to the end of the line, `/* ... */`),
/// string literals kept as they are.
fn strip_comments(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            '"' => {
                out.push('"');
                i += 1;
                while i < b.len() && b[i] != '"' {
                    if b[i] == '\\' && i + 1 < b.len() {
                        out.push(b[i]);
                        i += 1;
                    }
                    out.push(b[i]);
                    i += 1;
                }
                if i < b.len() {
                    out.push('"');
                    i += 1;
                }
            }
            '/' if b.get(i + 1) == Some(&'/') => {
                while i < b.len() && b[i] != '\n' {
                    i += 1;
                }
            }
            '/' if b.get(i + 1) == Some(&'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                    i += 1;
                }
                i += 2;
                out.push(' ');
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The value literals of a piece of code, outside string literals (which
/// hold messages): numbers (`1000`, `1e-3`, `.5`, `0x7f`), `true`, `false`,
/// `null` and character literals.
fn literals(code: &str) -> Vec<String> {
    let b: Vec<char> = code.chars().collect();
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                i += if b[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c == '\'' && b.get(i + 2) == Some(&'\'') {
            found.push(b[i..i + 3].iter().collect());
            i += 3;
        } else if c.is_alphabetic() || c == '_' || c == '$' {
            let start = i;
            while i < b.len() && ident(b[i]) {
                i += 1;
            }
            let word: String = b[start..i].iter().collect();
            if matches!(word.as_str(), "true" | "false" | "null") {
                found.push(word);
            }
        } else if c.is_ascii_digit() || (c == '.' && b.get(i + 1).is_some_and(|d| d.is_ascii_digit())) {
            let start = i;
            while i < b.len()
                && (ident(b[i]) || b[i] == '.' || ((b[i] == '-' || b[i] == '+') && b[i - 1] == 'e'))
            {
                i += 1;
            }
            found.push(b[start..i].iter().collect());
        } else {
            i += 1;
        }
    }
    found
}

/// The text between the bracket at `open` and its match (strings skipped),
/// and the index after the closing bracket.
fn balanced(b: &[char], open: usize) -> (String, usize) {
    let (o, c) = (
        b[open],
        if b[open] == '(' {
            ')'
        } else if b[open] == '[' {
            ']'
        } else {
            '}'
        },
    );
    let mut depth = 0;
    let mut i = open;
    while i < b.len() {
        if b[i] == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                i += if b[i] == '\\' { 2 } else { 1 };
            }
        } else if b[i] == o {
            depth += 1;
        } else if b[i] == c {
            depth -= 1;
            if depth == 0 {
                return (b[open + 1..i].iter().collect(), i + 1);
            }
        }
        i += 1;
    }
    panic!("unbalanced {o}");
}

/// The body of every `defaults()` method of a Java source.
fn java_defaults_bodies(src: &str) -> Vec<String> {
    let b: Vec<char> = src.chars().collect();
    let mut bodies = Vec::new();
    let mut from = 0;
    while let Some(at) = src[from..].find("defaults()").map(|k| k + from) {
        from = at + "defaults()".len();
        let rest = src[from..].trim_start();
        // A declaration: `defaults() {`; a call, `defaults().x`, is not.
        if rest.starts_with('{') && src[..at].trim_end().ends_with(|c: char| c.is_alphanumeric()) {
            let open = src[..from].chars().count() + (src[from..].len() - rest.len());
            bodies.push(balanced(&b, open).0);
        }
    }
    bodies
}

/// Splits `list` at its top-level commas.
fn split_top(list: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0i32;
    let mut in_string = false;
    for c in list.chars() {
        match c {
            '"' => in_string = !in_string,
            '(' | '[' | '{' if !in_string => depth += 1,
            ')' | ']' | '}' if !in_string => depth -= 1,
            ',' if depth == 0 && !in_string => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        parts.last_mut().unwrap().push(c);
    }
    parts
}

/// The default argument of a Scala parameter `name: Type = expr`, if it has one.
fn scala_default(param: &str) -> Option<(String, String)> {
    let b: Vec<char> = param.chars().collect();
    let mut depth = 0i32;
    for i in 0..b.len() {
        match b[i] {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '=' if depth == 0
                && b.get(i + 1) != Some(&'>')
                && b.get(i + 1) != Some(&'=')
                && !matches!(b.get(i.wrapping_sub(1)), Some('!' | '<' | '>' | '=')) =>
            {
                let name = param[..param.find(':')?].trim();
                let name = name.rsplit(' ').next().unwrap_or(name).to_string();
                return Some((name, b[i + 1..].iter().collect::<String>().trim().to_string()));
            }
            _ => {}
        }
    }
    None
}

/// Every default argument of a Scala source: (owner — the class or method —,
/// parameter, expression).
fn scala_defaults(src: &str) -> Vec<(String, String, String)> {
    let b: Vec<char> = src.chars().collect();
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let word_start = i == 0 || !ident(b[i - 1]);
        let keyword = ["def ", "class "]
            .into_iter()
            .find(|k| word_start && b[i..].iter().take(k.len()).copied().eq(k.chars()));
        let Some(k) = keyword else {
            i += 1;
            continue;
        };
        i += k.len();
        while b.get(i) == Some(&' ') {
            i += 1;
        }
        let start = i;
        while i < b.len() && ident(b[i]) {
            i += 1;
        }
        let owner: String = b[start..i].iter().collect();
        loop {
            while i < b.len() && b[i].is_whitespace() {
                i += 1;
            }
            let tail: String = b[i..b.len().min(i + 10)].iter().collect();
            if b.get(i) == Some(&'[') {
                i = balanced(&b, i).1;
            } else if let Some(m) = ["private", "protected"].iter().find(|m| tail.starts_with(*m)) {
                i += m.len();
            } else if b.get(i) == Some(&'(') {
                let (list, end) = balanced(&b, i);
                for p in split_top(&list) {
                    if let Some((name, expr)) = scala_default(&p) {
                        out.push((owner.clone(), name, expr));
                    }
                }
                i = end;
            } else {
                break;
            }
        }
    }
    out
}

/// The Java options records: each must have a `defaults()` that asks native code.
const JAVA_OPTIONS: [&str; 7] = [
    "CompareOptions",
    "DmFitOptions",
    "DmReadOptions",
    "McOptions",
    "PathOptions",
    "ReadOptions",
    "TrainOptions",
];

/// The Scala options (case classes, and the one method with an options default):
/// every default argument must come from `NativeDefaults`.
const SCALA_OPTIONS: [&str; 8] = [
    "CrossValidation",
    "DmFitOptions",
    "Grid",
    "McOptions",
    "PathOptions",
    "ReadOptions",
    "TrainOptions",
    "compareSummary",
];

/// Scala default arguments with a literal that are not a library option
/// (owner, parameter): a row's weight when none is given.
const SCALA_NOT_OPTIONS: [(&str, &str); 1] = [("add", "weight")];

/// Problems of the Java sources under `dir`: a `defaults()` body with a value
/// literal, a constructor call or no native call, or an options record without
/// `defaults()`.
fn java_problems(dir: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for f in sources(dir, "java") {
        let src = strip_comments(&std::fs::read_to_string(&f).unwrap());
        let name = f.file_stem().unwrap().to_string_lossy().to_string();
        for body in java_defaults_bodies(&src) {
            seen.push(name.clone());
            let lits = literals(&body);
            if !lits.is_empty() {
                problems.push(format!(
                    "{name}.defaults() states values {lits:?}: {}",
                    body.trim()
                ));
            }
            if body.contains("new ") || !body.contains("Native.") {
                problems.push(format!(
                    "{name}.defaults() must return what a Native *OptionsDefault call built: {}",
                    body.trim()
                ));
            }
        }
    }
    for want in JAVA_OPTIONS {
        if !seen.iter().any(|s| s == want) {
            problems.push(format!("{want}.java has no defaults()"));
        }
    }
    problems
}

/// Problems of the Scala sources under `dir`: a default argument with a value
/// literal (but the few that are no option), or a default of an options type
/// that does not come from `NativeDefaults`.
fn scala_problems(dir: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for f in sources(dir, "scala") {
        let src = strip_comments(&std::fs::read_to_string(&f).unwrap());
        let file = f.file_name().unwrap().to_string_lossy().to_string();
        for (owner, param, expr) in scala_defaults(&src) {
            let option = SCALA_OPTIONS.contains(&owner.as_str());
            if option {
                seen.push(owner.clone());
            }
            let lits = literals(&expr);
            if !lits.is_empty() && !SCALA_NOT_OPTIONS.contains(&(owner.as_str(), param.as_str())) {
                problems.push(format!("{file}: {owner}({param} = {expr}) states {lits:?}"));
            }
            if option && !expr.contains("NativeDefaults") {
                problems.push(format!(
                    "{file}: {owner}({param} = {expr}) is not the native default (NativeDefaults)"
                ));
            }
        }
    }
    for want in SCALA_OPTIONS {
        if !seen.iter().any(|s| s == want) {
            problems.push(format!("no default arguments found for {want}"));
        }
    }
    problems
}

#[test]
fn bindings_restate_no_default() {
    let mut problems = java_problems(&jvm().join("bayeskit-java/src/main/java"));
    problems.extend(scala_problems(&jvm().join("bayeskit-scala_2.13/src/main/scala")));
    assert!(
        problems.is_empty(),
        "a binding restates a default (defaults live in the core's Default impls; bindings ask native code):\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_source_checks_catch_restated_defaults() {
    assert_eq!(
        literals("return Native.trainOptionsDefault();"),
        Vec::<String>::new()
    );
    assert_eq!(
        literals(r#"new X(1000, 1e-3, .5, 0x7f, true, null, 'c', "text 42")"#),
        ["1000", "1e-3", ".5", "0x7f", "true", "null", "'c'"]
    );
    assert_eq!(literals("l1Ratio + x2"), Vec::<String>::new());
    let java = "/** (default 1000) */ public static McOptions defaults() {\n return new McOptions(1000, 0.95);\n }\n\
                void f() { McOptions.defaults().draws(); }";
    assert_eq!(
        java_defaults_bodies(&strip_comments(java)),
        ["\n return new McOptions(1000, 0.95);\n "]
    );
    let scala = "final case class McOptions(draws: Long = NativeDefaults.mc.draws, level: Double = 0.95) {\n\
                 def f(a: Int => Int = identity, b: Seq[Int] = Seq(1, 2))(c: Boolean = x == y): Unit = ()\n}\n\
                 final class Rng private (j: JRng)";
    assert_eq!(
        scala_defaults(scala),
        [
            ("McOptions", "draws", "NativeDefaults.mc.draws"),
            ("McOptions", "level", "0.95"),
            ("f", "a", "identity"),
            ("f", "b", "Seq(1, 2)"),
            ("f", "c", "x == y"),
        ]
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    );
}
