//! The C ABI's cases of the memory-cap tests (see `tests/memory_cap.rs` at the
//! repository root): sizes from arguments end in a clear status, never an
//! abort, under a 2 GiB address-space limit.

capped! {
    /// Issue 15, defect 6: bk_dm_stats_new(2^32) aborted, 10^8 aborted under 4 GB and
    /// SIZE_MAX was a caught panic (BK_ERR_INTERNAL). K has a documented limit, and
    /// memory that cannot be had is BK_ERR_OUT_OF_MEMORY.
    fn c_constructors_refuse_sizes_beyond_the_limits() {
        use crate::*;
        for k in [1usize << 32, 100_000_000, usize::MAX, BK_MAX_CATEGORIES as usize + 1] {
            let mut s = std::ptr::null_mut();
            let st = unsafe { bk_dm_stats_new(k, &mut s) };
            assert_eq!(st, BK_ERR_INVALID_ARGUMENT, "k = {k}");
            assert!(s.is_null());
        }
        let mut s = std::ptr::null_mut();
        assert_eq!(unsafe { bk_dm_stats_new(BK_MAX_CATEGORIES as usize, &mut s) }, BK_OK);
        unsafe { bk_dm_stats_free(s) };
        // 65,536 classes of 65,536 rows: training's per-row state alone is 34 GB.
        let rows = BK_MAX_CLASSES as usize;
        let indptr: Vec<usize> = (0..=rows).collect();
        let ids = vec![0u32; rows];
        let values = vec![1.0; rows];
        let labels: Vec<u32> = (0..rows as u32).collect();
        let mut data = std::ptr::null_mut();
        let st = unsafe {
            bk_logistic_data_from_csr(indptr.as_ptr(), rows, ids.as_ptr(), values.as_ptr(), rows, 1,
                labels.as_ptr(), rows, std::ptr::null(), &mut data)
        };
        assert_eq!(st, BK_OK);
        let mut model = std::ptr::null_mut();
        let st = unsafe { bk_logistic_train(data, std::ptr::null(), &mut model) };
        assert_eq!(st, BK_ERR_OUT_OF_MEMORY);
        assert!(model.is_null());
        let mut msg = vec![0u8; 256];
        let n = unsafe { bk_last_error_message(msg.as_mut_ptr().cast(), msg.len()) };
        let msg = String::from_utf8_lossy(&msg[..n.min(255)]).into_owned();
        assert!(msg.starts_with("out of memory: training's"), "{msg}");
        unsafe { bk_logistic_data_free(data) };
    }
}
