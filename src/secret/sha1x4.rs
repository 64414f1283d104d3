//! SHA-1 compression of four independent blocks in lockstep. One SHA-1 chain is bound by
//! the latency of the SHA-NI round instructions; four independent chains advanced together
//! let the CPU overlap them. Uses the x86 SHA extensions when the CPU has them (detected
//! once, at run time: [`Backend::detect`]), the `sha1` crate's compression otherwise (and
//! always on other architectures, wasm32 included). Checked against the crate below and,
//! through [`super::hmac::Sha1Batch`], against RFC 2202 and the `hmac` crate.

use sha1::digest::generic_array::GenericArray;

/// How the four lanes are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// x86-64 SHA extensions, four chains interleaved.
    #[cfg(target_arch = "x86_64")]
    ShaNi,
    /// AVX-512: sixteen lanes in the vector registers.
    #[cfg(target_arch = "x86_64")]
    Avx512,
    /// The `sha1` crate, one block at a time.
    Portable,
}

impl Backend {
    /// The fastest backend this CPU has.
    pub fn detect() -> Backend {
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("avx512f") && std::is_x86_feature_detected!("avx512bw")
            {
                return Backend::Avx512;
            }
            if std::is_x86_feature_detected!("sha")
                && std::is_x86_feature_detected!("sse4.1")
                && std::is_x86_feature_detected!("ssse3")
            {
                return Backend::ShaNi;
            }
        }
        Backend::Portable
    }

    /// Every backend this CPU can run (for tests and the benchmark).
    pub fn available() -> Vec<Backend> {
        #[allow(unused_mut)]
        let mut v = vec![Backend::Portable];
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("sha")
                && std::is_x86_feature_detected!("sse4.1")
                && std::is_x86_feature_detected!("ssse3")
            {
                v.push(Backend::ShaNi);
            }
            if Backend::detect() == Backend::Avx512 {
                v.push(Backend::Avx512);
            }
        }
        v
    }
}

pub(crate) fn one(state: &mut [u32; 5], block: &[u8; 64]) {
    sha1::compress(
        state,
        core::slice::from_ref(GenericArray::from_slice(block)),
    );
}

/// Compress one 64-byte block into each of the `N` states.
#[inline]
pub fn compress_n<const N: usize>(
    backend: Backend,
    states: &mut [[u32; 5]; N],
    blocks: [&[u8; 64]; N],
) {
    match backend {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `ShaNi` is only constructed by `detect` after the features it needs were
        // detected; every block is 64 bytes by type.
        Backend::ShaNi => unsafe { ni::compress_n(states, blocks) },
        #[cfg(target_arch = "x86_64")]
        Backend::Avx512 => {
            for (s, b) in states.iter_mut().zip(blocks) {
                one(s, b);
            }
        }
        Backend::Portable => {
            for (s, b) in states.iter_mut().zip(blocks) {
                one(s, b);
            }
        }
    }
}

/// Compress one 64-byte block into each of the four states.
#[inline]
pub fn compress4(backend: Backend, states: &mut [[u32; 5]; 4], blocks: [&[u8; 64]; 4]) {
    compress_n(backend, states, blocks)
}

#[cfg(target_arch = "x86_64")]
mod ni {
    use std::arch::x86_64::*;

    /// One group of four rounds for every lane, interleaved lane by lane so that the
    /// lanes' round instructions (each bound by the latency of the previous one in its
    /// own chain) overlap. `$g` is the group (0..20), `$f` the round function (`$g / 5`).
    macro_rules! group {
        ($n:ident, $g:literal, $f:literal, $h0:ident, $h1:ident, $w:ident, $e:ident) => {
            for l in 0..$n {
                if $g >= 4 {
                    // W[g] = msg2(msg1(W[g-4], W[g-3]) ^ W[g-2], W[g-1]), in a ring of 5
                    $w[l][$g % 5] = _mm_sha1msg2_epu32(
                        _mm_xor_si128(
                            _mm_sha1msg1_epu32($w[l][($g + 1) % 5], $w[l][($g + 2) % 5]),
                            $w[l][($g + 3) % 5],
                        ),
                        $w[l][($g + 4) % 5],
                    );
                }
                if $g == 0 {
                    $h1[l] = _mm_sha1rnds4_epu32($h0[l], _mm_add_epi32($e[l], $w[l][0]), $f);
                } else if $g % 2 == 1 {
                    $h0[l] =
                        _mm_sha1rnds4_epu32($h1[l], _mm_sha1nexte_epu32($h0[l], $w[l][$g % 5]), $f);
                } else {
                    $h1[l] =
                        _mm_sha1rnds4_epu32($h0[l], _mm_sha1nexte_epu32($h1[l], $w[l][$g % 5]), $f);
                }
            }
        };
    }

    /// # Safety
    /// The CPU must have SHA, SSE2, SSSE3 and SSE4.1.
    #[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
    pub unsafe fn compress_n<const N: usize>(states: &mut [[u32; 5]; N], blocks: [&[u8; 64]; N]) {
        let mask = _mm_set_epi64x(0x0001_0203_0405_0607, 0x0809_0A0B_0C0D_0E0F);
        let zero = _mm_setzero_si128();
        let mut abcd = [zero; N];
        let mut e = [zero; N];
        let mut w = [[zero; 5]; N];
        for l in 0..N {
            let s = &states[l];
            abcd[l] = _mm_set_epi32(s[0] as i32, s[1] as i32, s[2] as i32, s[3] as i32);
            e[l] = _mm_set_epi32(s[4] as i32, 0, 0, 0);
            let q = blocks[l].as_ptr() as *const __m128i;
            for (k, x) in w[l].iter_mut().take(4).enumerate() {
                *x = _mm_shuffle_epi8(_mm_loadu_si128(q.add(k)), mask);
            }
        }
        let mut h0 = abcd;
        let mut h1 = [zero; N];
        group!(N, 0, 0, h0, h1, w, e);
        group!(N, 1, 0, h0, h1, w, e);
        group!(N, 2, 0, h0, h1, w, e);
        group!(N, 3, 0, h0, h1, w, e);
        group!(N, 4, 0, h0, h1, w, e);
        group!(N, 5, 1, h0, h1, w, e);
        group!(N, 6, 1, h0, h1, w, e);
        group!(N, 7, 1, h0, h1, w, e);
        group!(N, 8, 1, h0, h1, w, e);
        group!(N, 9, 1, h0, h1, w, e);
        group!(N, 10, 2, h0, h1, w, e);
        group!(N, 11, 2, h0, h1, w, e);
        group!(N, 12, 2, h0, h1, w, e);
        group!(N, 13, 2, h0, h1, w, e);
        group!(N, 14, 2, h0, h1, w, e);
        group!(N, 15, 3, h0, h1, w, e);
        group!(N, 16, 3, h0, h1, w, e);
        group!(N, 17, 3, h0, h1, w, e);
        group!(N, 18, 3, h0, h1, w, e);
        group!(N, 19, 3, h0, h1, w, e);
        for l in 0..N {
            let a = _mm_add_epi32(abcd[l], h0[l]);
            let ee = _mm_sha1nexte_epu32(h1[l], e[l]);
            let s = &mut states[l];
            s[0] = _mm_extract_epi32(a, 3) as u32;
            s[1] = _mm_extract_epi32(a, 2) as u32;
            s[2] = _mm_extract_epi32(a, 1) as u32;
            s[3] = _mm_extract_epi32(a, 0) as u32;
            s[4] = _mm_extract_epi32(ee, 3) as u32;
        }
    }
}

/// Compress one 64-byte block into each of sixteen states with AVX-512: each 512-bit
/// register holds one SHA-1 word of all sixteen lanes (multi-buffer SHA-1), with the
/// native rotate and three-input logic instructions. Only with [`Backend::Avx512`].
#[inline]
pub fn compress16(backend: Backend, states: &mut [[u32; 5]; 16], blocks: [&[u8; 64]; 16]) {
    match backend {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `Avx512` is only constructed by `detect` after AVX-512F/BW were detected;
        // every block is 64 bytes by type.
        Backend::Avx512 => unsafe { avx512::compress16(states, blocks) },
        _ => {
            for k in 0..4 {
                let mut st = [
                    states[4 * k],
                    states[4 * k + 1],
                    states[4 * k + 2],
                    states[4 * k + 3],
                ];
                compress4(
                    backend,
                    &mut st,
                    [
                        blocks[4 * k],
                        blocks[4 * k + 1],
                        blocks[4 * k + 2],
                        blocks[4 * k + 3],
                    ],
                );
                states[4 * k..4 * k + 4].copy_from_slice(&st);
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use std::arch::x86_64::*;

    /// # Safety
    /// The CPU must have AVX-512F and AVX-512BW.
    #[target_feature(enable = "avx512f,avx512bw")]
    pub unsafe fn compress16(states: &mut [[u32; 5]; 16], blocks: [&[u8; 64]; 16]) {
        // The sixteen blocks side by side, then word t of every lane gathered into w[t].
        let mut rows = [[0u8; 64]; 16];
        for (r, b) in rows.iter_mut().zip(blocks) {
            _mm512_storeu_si512(r.as_mut_ptr().cast(), _mm512_loadu_si512(b.as_ptr().cast()));
        }
        let lane64 = _mm512_mullo_epi32(
            _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
            _mm512_set1_epi32(64),
        );
        let bswap = _mm512_set4_epi32(0x0c0d_0e0f, 0x0809_0a0b, 0x0405_0607, 0x0001_0203);
        let base = rows.as_ptr().cast::<u8>();
        let mut w = [_mm512_setzero_si512(); 16];
        for (t, x) in w.iter_mut().enumerate() {
            let idx = _mm512_add_epi32(lane64, _mm512_set1_epi32(4 * t as i32));
            let g = _mm512_i32gather_epi32::<1>(idx, base.cast());
            *x = _mm512_shuffle_epi8(g, bswap);
        }
        let lane5 = _mm512_mullo_epi32(
            _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
            _mm512_set1_epi32(5),
        );
        let sp = states.as_mut_ptr().cast::<u32>();
        let ld = |i: i32| {
            _mm512_i32gather_epi32::<4>(
                _mm512_add_epi32(lane5, _mm512_set1_epi32(i)),
                sp.cast_const().cast(),
            )
        };
        let (a0, b0, c0, d0, e0) = (ld(0), ld(1), ld(2), ld(3), ld(4));
        let (mut a, mut b, mut c, mut d, mut e) = (a0, b0, c0, d0, e0);
        macro_rules! round {
            ($t:expr, $f:literal, $k:expr) => {{
                let t: usize = $t;
                let wt = if t < 16 {
                    w[t]
                } else {
                    let x = _mm512_ternarylogic_epi32::<0x96>(
                        w[(t + 13) & 15],
                        w[(t + 8) & 15],
                        w[(t + 2) & 15],
                    );
                    let x = _mm512_rol_epi32::<1>(_mm512_xor_si512(x, w[t & 15]));
                    w[t & 15] = x;
                    x
                };
                let f = _mm512_ternarylogic_epi32::<$f>(b, c, d);
                let tmp = _mm512_add_epi32(
                    _mm512_add_epi32(_mm512_rol_epi32::<5>(a), f),
                    _mm512_add_epi32(_mm512_add_epi32(e, $k), wt),
                );
                e = d;
                d = c;
                c = _mm512_rol_epi32::<30>(b);
                b = a;
                a = tmp;
            }};
        }
        let k0 = _mm512_set1_epi32(0x5A82_7999u32 as i32);
        let k1 = _mm512_set1_epi32(0x6ED9_EBA1u32 as i32);
        let k2 = _mm512_set1_epi32(0x8F1B_BCDCu32 as i32);
        let k3 = _mm512_set1_epi32(0xCA62_C1D6u32 as i32);
        // f: Ch = 0xCA, Parity = 0x96, Maj = 0xE8 (truth tables over b, c, d).
        for t in 0..20 {
            round!(t, 0xCA, k0);
        }
        for t in 20..40 {
            round!(t, 0x96, k1);
        }
        for t in 40..60 {
            round!(t, 0xE8, k2);
        }
        for t in 60..80 {
            round!(t, 0x96, k3);
        }
        let out = [
            _mm512_add_epi32(a, a0),
            _mm512_add_epi32(b, b0),
            _mm512_add_epi32(c, c0),
            _mm512_add_epi32(d, d0),
            _mm512_add_epi32(e, e0),
        ];
        for (i, v) in out.iter().enumerate() {
            _mm512_i32scatter_epi32::<4>(
                sp.cast(),
                _mm512_add_epi32(lane5, _mm512_set1_epi32(i as i32)),
                *v,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_backend_matches_the_crate_on_every_lane() {
        let mut x: u32 = 0x1234_5678;
        let mut rnd = || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        };
        for backend in Backend::available() {
            for _ in 0..20 {
                let blocks: Vec<[u8; 64]> = (0..4)
                    .map(|_| std::array::from_fn(|_| rnd() as u8))
                    .collect();
                let mut states = [[0u32; 5]; 4];
                for s in states.iter_mut() {
                    for w in s.iter_mut() {
                        *w = rnd();
                    }
                }
                let mut want = states;
                for (s, b) in want.iter_mut().zip(&blocks) {
                    one(s, b);
                }
                compress4(
                    backend,
                    &mut states,
                    [&blocks[0], &blocks[1], &blocks[2], &blocks[3]],
                );
                assert_eq!(states, want, "{backend:?}");
                let mut two = [want[0], want[1]];
                let mut w2 = two;
                for (s, b) in w2.iter_mut().zip(&blocks) {
                    one(s, b);
                }
                compress_n(backend, &mut two, [&blocks[0], &blocks[1]]);
                assert_eq!(two, w2, "{backend:?}, two lanes");
                let mut sixteen: [[u32; 5]; 16] =
                    std::array::from_fn(|i| want[i % 4].map(|w| w ^ i as u32));
                let mut w16 = sixteen;
                let b16: [&[u8; 64]; 16] = std::array::from_fn(|i| &blocks[(i * 7) % 4]);
                for (s, b) in w16.iter_mut().zip(b16) {
                    one(s, b);
                }
                compress16(backend, &mut sixteen, b16);
                assert_eq!(sixteen, w16, "{backend:?}, sixteen lanes");
            }
        }
    }
}
