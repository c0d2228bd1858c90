//! Defaults are stated once, in the core's `Default`s (and the documented
//! constants `bayeskit::DEFAULT_LEVEL` and `bayeskit::logistic::DEFAULT_HASH_SEED`):
//! every `bk_*_options_default` fills in the core's defaults: read back
//! through the C ABI's own translation, each struct is the core's `Default`.

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
    // The C struct has one skip_bad for all readers: the core's readers agree.
    assert_eq!(
        lg::SvmlightOptions::default().skip_bad,
        lg::PhraseOptions::default().skip_bad
    );
}
