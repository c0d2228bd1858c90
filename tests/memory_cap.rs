//! Crafted inputs that claim huge sizes, each run in a child process under a 2 GiB
//! address-space limit (`ulimit -v`, see `tests/common/capped.rs`): every one must
//! end in a clean error (or a correct result), never an abort. The CLI's cases are
//! in `cli/tests/memory_cap.rs`, the C ABI's in `capi/src/memory_cap_tests.rs`.

use bayeskit::logistic::{FeatureSpace, Model, TrainingInfo};
use bayeskit::Error;

#[path = "common/capped.rs"]
#[macro_use]
mod capped;

/// Recomputes the trailing CRC-32 after a patch.
fn recrc(b: &mut [u8]) {
    let n = b.len() - 4;
    let crc = crc32fast::hash(&b[..n]);
    b[n..].copy_from_slice(&crc.to_le_bytes());
}

fn info() -> TrainingInfo {
    TrainingInfo {
        lambda: 0.1,
        l1_ratio: 1.0,
        rows: 10,
        objective: 0.5,
        iterations: 3,
        converged: true,
        grad_norm: 1e-9,
        tol: 1e-7,
    }
}

/// A small indexed model (feature 1 stored) whose header is then made to claim
/// `p` features of `kind` with `bits`.
fn model_claiming(p: u64, kind: u32, bits: u32) -> Vec<u8> {
    let m = Model::from_dense(
        vec!["a".into(), "b".into()],
        FeatureSpace::Indexed { n: 3 },
        vec![0.1, -0.1],
        &[0.0, 0.0, 1.5, -1.5, 0.0, 0.0],
        info(),
    )
    .unwrap();
    let mut b = m.to_bytes();
    b[20..28].copy_from_slice(&p.to_le_bytes());
    b[28..32].copy_from_slice(&kind.to_le_bytes());
    b[32..36].copy_from_slice(&bits.to_le_bytes());
    recrc(&mut b);
    b
}

capped! {
    /// Issue 15, defect 1: the id table was allocated dense (4·P bytes) before P was
    /// checked against anything; a sparse id space needs no dense table.
    fn model_loader_with_a_huge_sparse_id_space() {
        for (p, kind, bits) in [(u32::MAX as u64, 0, 0), (1 << 32, 0, 0), (1 << 28, 0, 0), (1 << 30, 2, 30), (1 << 31, 2, 31)] {
            let b = model_claiming(p, kind, bits);
            assert!(b.len() < 4096);
            let m = Model::from_bytes(&b).unwrap_or_else(|e| panic!("P = {p}: {e}"));
            assert_eq!(m.features().len() as u64, p);
            assert_eq!(m.weights_of(1), Some(&[1.5, -1.5][..]));
            assert_eq!(m.weights_of(2), None);
            assert_eq!(m.weights_of((p - 1) as u32), None);
            let mut z = [0.0; 2];
            m.logits(&[0, 1, (p - 1) as u32], &[1.0, 2.0, 3.0], &mut z).unwrap();
            assert_eq!(z, [0.1 + 3.0, -0.1 - 3.0]);
            assert_eq!(Model::from_bytes(&m.to_bytes()).unwrap(), m);
        }
        let e = Model::from_bytes(&model_claiming((1 << 32) + 1, 0, 0)).unwrap_err();
        assert!(matches!(e, Error::Corrupt(_)), "{e}");
    }
}

/// Statistics bytes: the header claiming `k` categories, then `payload`, then the CRC.
fn stats_claiming(k: u64, payload: &[u8]) -> Vec<u8> {
    let mut b = b"BKDMSTAT".to_vec();
    b.extend_from_slice(&1u32.to_le_bytes());
    b.extend_from_slice(&k.to_le_bytes());
    b.extend_from_slice(&0u64.to_le_bytes()); // rows
    b.extend_from_slice(&0f64.to_le_bytes()); // weight
    b.extend_from_slice(payload);
    b.extend_from_slice(&[0; 4]);
    recrc(&mut b);
    b
}

capped! {
    /// Issue 15, defect 5: the statistics deserializer checked k only against the
    /// input's length and reserved 56·(k + 1) bytes: 80 MB of zeros claiming
    /// k = 8·10^7 aborted. Every histogram needs 16 bytes, and k has a limit.
    fn statistics_deserializer_bounds_k_by_its_bytes() {
        use bayeskit::dirichlet_fit::DmStats;
        use bayeskit::limits::MAX_CATEGORIES;
        let zeros = vec![0u8; 80_000_000];
        for k in [80_000_000u64, 5_000_000, u64::MAX, (1 << 20) + 1] {
            let e = DmStats::from_bytes(&stats_claiming(k, &zeros)).unwrap_err();
            assert!(matches!(e, Error::Corrupt(_)), "k = {k}: {e}");
            assert!(e.to_string().contains("implausible number of categories"), "{e}");
        }
        // The largest K loads when its K + 1 empty histograms are all there.
        let k = MAX_CATEGORIES as u64;
        let s = DmStats::from_bytes(&stats_claiming(k, &zeros[..16 * (k as usize + 1)])).unwrap();
        assert_eq!(s.categories(), MAX_CATEGORIES);
        let e = DmStats::from_bytes(&stats_claiming(k, &zeros[..16 * k as usize])).unwrap_err();
        assert!(matches!(e, Error::Corrupt(_)), "{e}");
    }
}
