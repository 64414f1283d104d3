//! HMAC-SHA1 and HMAC-SHA256 for the search loops: the inner and outer pad blocks are
//! compressed once per key, messages are hashed straight from the caller's buffer (no
//! allocation), and a message that shares a prefix with a known one can start from
//! the SHA state after the shared whole blocks ([`Mid`]).
//!
//! Checked against the `hmac` crate in the tests below.

use sha1::digest::generic_array::GenericArray;

const SHA1_IV: [u32; 5] = [
    0x6745_2301,
    0xEFCD_AB89,
    0x98BA_DCFE,
    0x1032_5476,
    0xC3D2_E1F0,
];
const SHA256_IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

#[inline]
fn c1(state: &mut [u32; 5], block: &[u8]) {
    sha1::compress(
        state,
        core::slice::from_ref(GenericArray::from_slice(block)),
    );
}

#[inline]
fn c256(state: &mut [u32; 8], block: &[u8]) {
    sha2::compress256(
        state,
        core::slice::from_ref(GenericArray::from_slice(block)),
    );
}

/// Hash `data` (whose first byte is at absolute offset `done`, a multiple of 64) into
/// `state`, then pad for a total length of `done + data.len()` bytes.
#[inline]
fn finish<const N: usize>(
    state: &mut [u32; N],
    done: usize,
    data: &[u8],
    compress: fn(&mut [u32; N], &[u8]),
) {
    let full = data.len() / 64 * 64;
    for b in data[..full].chunks_exact(64) {
        compress(state, b);
    }
    let rest = &data[full..];
    let mut tail = [0u8; 128];
    tail[..rest.len()].copy_from_slice(rest);
    tail[rest.len()] = 0x80;
    let n = if rest.len() + 9 <= 64 { 64 } else { 128 };
    let bits = ((done + data.len()) as u64).wrapping_mul(8);
    tail[n - 8..n].copy_from_slice(&bits.to_be_bytes());
    for b in tail[..n].chunks_exact(64) {
        compress(state, b);
    }
}

fn pads(key: &[u8], hashed: &[u8]) -> ([u8; 64], [u8; 64]) {
    let k: &[u8] = if key.len() > 64 { hashed } else { key };
    let mut ipad = [0x36u8; 64];
    let mut opad = [0x5cu8; 64];
    for (i, b) in k.iter().enumerate() {
        ipad[i] ^= b;
        opad[i] ^= b;
    }
    (ipad, opad)
}

/// The SHA state after some whole blocks of a message (the key block included).
#[derive(Debug, Clone, Copy)]
pub struct Mid<const N: usize> {
    state: [u32; N],
    /// Message bytes already hashed (a multiple of 64).
    pub done: usize,
}

/// A keyed HMAC-SHA1.
#[derive(Clone)]
pub struct Sha1Key {
    inner: [u32; 5],
    outer: [u32; 5],
}

impl Sha1Key {
    pub fn new(key: &[u8]) -> Sha1Key {
        use sha1::Digest;
        let h = sha1::Sha1::digest(key);
        let (ipad, opad) = pads(key, &h);
        let mut inner = SHA1_IV;
        let mut outer = SHA1_IV;
        c1(&mut inner, &ipad);
        c1(&mut outer, &opad);
        Sha1Key { inner, outer }
    }

    /// The state after the whole 64-byte blocks of `prefix`.
    pub fn mid(&self, prefix: &[u8]) -> Mid<5> {
        let mut state = self.inner;
        let full = prefix.len() / 64 * 64;
        for b in prefix[..full].chunks_exact(64) {
            c1(&mut state, b);
        }
        Mid { state, done: full }
    }

    /// HMAC of `msg`, whose first `m.done` bytes are the prefix `m` was made from.
    #[inline]
    pub fn mac_from(&self, m: &Mid<5>, msg: &[u8]) -> [u8; 20] {
        let mut st = m.state;
        finish(&mut st, 64 + m.done, &msg[m.done..], c1);
        let mut ob = [0u8; 64];
        for (i, w) in st.iter().enumerate() {
            ob[i * 4..i * 4 + 4].copy_from_slice(&w.to_be_bytes());
        }
        ob[20] = 0x80;
        ob[56..64].copy_from_slice(&((64u64 + 20) * 8).to_be_bytes());
        let mut o = self.outer;
        c1(&mut o, &ob);
        let mut out = [0u8; 20];
        for (i, w) in o.iter().enumerate() {
            out[i * 4..i * 4 + 4].copy_from_slice(&w.to_be_bytes());
        }
        out
    }

    #[inline]
    pub fn mac(&self, msg: &[u8]) -> [u8; 20] {
        self.mac_from(
            &Mid {
                state: self.inner,
                done: 0,
            },
            msg,
        )
    }
}

/// The big-endian words of a SHA-1 digest.
pub fn sha1_words(d: &[u8; 20]) -> [u32; 5] {
    std::array::from_fn(|i| {
        u32::from_be_bytes([d[4 * i], d[4 * i + 1], d[4 * i + 2], d[4 * i + 3]])
    })
}

/// One candidate in a [`Sha1Batch`] lane.
struct Lane {
    /// The padded inner message after the midstate (a multiple of 64 bytes).
    buf: Vec<u8>,
    /// The outer block (the inner digest, padded), once the inner hash is done.
    outer_block: [u8; 64],
    blocks: usize,
    at: usize,
    outer: bool,
    busy: bool,
    tag: usize,
}

impl Default for Lane {
    fn default() -> Self {
        Lane {
            buf: Vec::with_capacity(512),
            outer_block: [0; 64],
            blocks: 0,
            at: 0,
            outer: false,
            busy: false,
            tag: 0,
        }
    }
}

/// Candidates in flight in a [`Sha1Batch`].
pub const LANES: usize = 16;

/// HMAC-SHA1 of many candidates, [`LANES`] in flight at once: each lane holds one
/// candidate's padded message from its midstate on, and every step compresses one block of
/// every busy lane in lockstep ([`super::sha1x4::compress16`]: AVX-512 sixteen lanes wide,
/// or SHA-NI four chains at a time, or the portable compression). A lane that finishes its inner hash goes
/// on with its outer block; a lane that finishes its outer block is checked and takes the
/// next candidate, so lanes of different lengths never wait for each other. The buffers
/// are reused from candidate to candidate: no allocation once they have grown.
pub struct Sha1Batch {
    backend: super::sha1x4::Backend,
    lanes: [Lane; LANES],
    states: [[u32; 5]; LANES],
    free: Vec<usize>,
    idle: [u8; 64],
}

impl Default for Sha1Batch {
    fn default() -> Self {
        Sha1Batch::with_backend(super::sha1x4::Backend::detect())
    }
}

impl super::search::Scratch for Sha1Batch {
    fn scratch(&mut self) -> &mut Vec<u8> {
        &mut self.lanes[0].buf
    }
}

impl Sha1Batch {
    pub fn with_backend(backend: super::sha1x4::Backend) -> Sha1Batch {
        Sha1Batch {
            backend,
            lanes: Default::default(),
            states: [[0; 5]; LANES],
            free: (0..LANES).rev().collect(),
            idle: [0; 64],
        }
    }

    /// Queue the HMAC of the message `parts` concatenated, whose first `m.done` bytes are
    /// the prefix `m` was made from. `done(tag, mac words)` is called for every finished
    /// candidate; the first tag for which it returns true is returned (the candidates
    /// still in flight then stay queued until [`Self::drain`] or the next push).
    #[inline]
    pub fn push(
        &mut self,
        key: &Sha1Key,
        m: &Mid<5>,
        parts: [&[u8]; 3],
        tag: usize,
        done: &mut impl FnMut(usize, &[u32; 5]) -> bool,
    ) -> Option<usize> {
        let Some(k) = self.free.pop() else {
            // Never happens: a push returns only with a lane free.
            return None;
        };
        let lane = &mut self.lanes[k];
        lane.buf.clear();
        let mut skip = m.done;
        let mut total = 0usize;
        for p in parts {
            total += p.len();
            if skip >= p.len() {
                skip -= p.len();
                continue;
            }
            lane.buf.extend_from_slice(&p[skip..]);
            skip = 0;
        }
        let bits = ((64 + total) as u64).wrapping_mul(8);
        lane.buf.push(0x80);
        let padded = (lane.buf.len() + 8).div_ceil(64) * 64;
        lane.buf.resize(padded - 8, 0);
        lane.buf.extend_from_slice(&bits.to_be_bytes());
        lane.blocks = padded / 64;
        lane.at = 0;
        lane.outer = false;
        lane.busy = true;
        lane.tag = tag;
        self.states[k] = m.state;
        let mut hit = None;
        while self.free.is_empty() {
            if let Some(t) = self.step(key, done) {
                hit.get_or_insert(t);
            }
        }
        hit
    }

    /// Finish every candidate in flight.
    pub fn drain(
        &mut self,
        key: &Sha1Key,
        done: &mut impl FnMut(usize, &[u32; 5]) -> bool,
    ) -> Option<usize> {
        let mut hit = None;
        while self.free.len() < LANES {
            if let Some(t) = self.step(key, done) {
                hit.get_or_insert(t);
            }
        }
        hit
    }

    /// One block of every lane (idle lanes hash a throwaway block).
    #[inline]
    fn step(
        &mut self,
        key: &Sha1Key,
        done: &mut impl FnMut(usize, &[u32; 5]) -> bool,
    ) -> Option<usize> {
        let blocks: [&[u8; 64]; LANES] = std::array::from_fn(|k| {
            let l = &self.lanes[k];
            let b: &[u8] = if !l.busy {
                &self.idle
            } else if l.outer {
                &l.outer_block
            } else {
                &l.buf[l.at * 64..l.at * 64 + 64]
            };
            <&[u8; 64]>::try_from(b).unwrap_or(&self.idle)
        });
        // Idle lanes hash a zero block into a state that is thrown away later (their
        // state is overwritten when they take a candidate).
        super::sha1x4::compress16(self.backend, &mut self.states, blocks);
        let mut hit = None;
        for k in 0..LANES {
            let l = &mut self.lanes[k];
            if !l.busy {
                continue;
            }
            if l.outer {
                l.busy = false;
                self.free.push(k);
                if done(l.tag, &self.states[k]) && hit.is_none() {
                    hit = Some(l.tag);
                }
                continue;
            }
            l.at += 1;
            if l.at == l.blocks {
                for (i, w) in self.states[k].iter().enumerate() {
                    l.outer_block[i * 4..i * 4 + 4].copy_from_slice(&w.to_be_bytes());
                }
                l.outer_block[20] = 0x80;
                l.outer_block[21..56].fill(0);
                l.outer_block[56..64].copy_from_slice(&((64u64 + 20) * 8).to_be_bytes());
                l.outer = true;
                self.states[k] = key.outer;
            }
        }
        hit
    }
}

/// Plain SHA-256 from a midstate (for hashing canonical-request candidates).
#[inline]
pub fn sha256_from(m: &Mid<8>, msg: &[u8]) -> [u8; 32] {
    let mut st = m.state;
    finish(&mut st, m.done, &msg[m.done..], c256);
    words256(&st)
}

/// SHA-256 midstate over the whole blocks of `prefix`.
pub fn sha256_mid(prefix: &[u8]) -> Mid<8> {
    let mut state = SHA256_IV;
    let full = prefix.len() / 64 * 64;
    for b in prefix[..full].chunks_exact(64) {
        c256(&mut state, b);
    }
    Mid { state, done: full }
}

pub fn sha256(msg: &[u8]) -> [u8; 32] {
    sha256_from(
        &Mid {
            state: SHA256_IV,
            done: 0,
        },
        msg,
    )
}

fn words256(st: &[u32; 8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, w) in st.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&w.to_be_bytes());
    }
    out
}

/// A keyed HMAC-SHA256.
#[derive(Clone)]
pub struct Sha256Key {
    inner: [u32; 8],
    outer: [u32; 8],
}

impl Sha256Key {
    pub fn new(key: &[u8]) -> Sha256Key {
        use sha2::Digest;
        let h = sha2::Sha256::digest(key);
        let (ipad, opad) = pads(key, &h);
        let mut inner = SHA256_IV;
        let mut outer = SHA256_IV;
        c256(&mut inner, &ipad);
        c256(&mut outer, &opad);
        Sha256Key { inner, outer }
    }

    pub fn mid(&self, prefix: &[u8]) -> Mid<8> {
        let mut state = self.inner;
        let full = prefix.len() / 64 * 64;
        for b in prefix[..full].chunks_exact(64) {
            c256(&mut state, b);
        }
        Mid { state, done: full }
    }

    #[inline]
    pub fn mac_from(&self, m: &Mid<8>, msg: &[u8]) -> [u8; 32] {
        let mut st = m.state;
        finish(&mut st, 64 + m.done, &msg[m.done..], c256);
        let mut ob = [0u8; 64];
        ob[..32].copy_from_slice(&words256(&st));
        ob[32] = 0x80;
        ob[56..64].copy_from_slice(&((64u64 + 32) * 8).to_be_bytes());
        let mut o = self.outer;
        c256(&mut o, &ob);
        words256(&o)
    }

    #[inline]
    pub fn mac(&self, msg: &[u8]) -> [u8; 32] {
        self.mac_from(
            &Mid {
                state: self.inner,
                done: 0,
            },
            msg,
        )
    }
}

/// The V4 signing key: `key_prefix`+secret → date → region → product (service) →
/// `terminator` (`aliyun_v4` … `aliyun_v4_request`, or `AWS4` … `aws4_request`).
pub fn v4_signing_key(
    key_prefix: &[u8],
    terminator: &[u8],
    secret: &[u8],
    date: &[u8],
    region: &[u8],
    product: &[u8],
) -> [u8; 32] {
    let mut k = zeroize::Zeroizing::new(Vec::with_capacity(key_prefix.len() + secret.len()));
    k.extend_from_slice(key_prefix);
    k.extend_from_slice(secret);
    let d = Sha256Key::new(&k).mac(date);
    let r = Sha256Key::new(&d).mac(region);
    let p = Sha256Key::new(&r).mac(product);
    Sha256Key::new(&p).mac(terminator)
}

/// Lower-case hex into `out` (64 bytes for SHA-256).
#[inline]
pub fn hex_into(b: &[u8], out: &mut [u8]) {
    const H: &[u8; 16] = b"0123456789abcdef";
    for (i, x) in b.iter().enumerate() {
        out[2 * i] = H[(x >> 4) as usize];
        out[2 * i + 1] = H[(x & 15) as usize];
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use hmac::{Hmac, Mac};

    fn ref1(k: &[u8], m: &[u8]) -> Vec<u8> {
        let mut h = Hmac::<sha1::Sha1>::new_from_slice(k).unwrap();
        h.update(m);
        h.finalize().into_bytes().to_vec()
    }
    fn ref256(k: &[u8], m: &[u8]) -> Vec<u8> {
        let mut h = Hmac::<sha2::Sha256>::new_from_slice(k).unwrap();
        h.update(m);
        h.finalize().into_bytes().to_vec()
    }

    /// Every candidate of a batch, one MAC each (tag order).
    fn batch_macs(
        backend: crate::secret::sha1x4::Backend,
        key: &[u8],
        msgs: &[(Vec<u8>, usize)],
    ) -> Vec<[u8; 20]> {
        let k = Sha1Key::new(key);
        let mut b = Sha1Batch::with_backend(backend);
        let mut out = vec![[0u8; 20]; msgs.len()];
        let mut done = |t: usize, w: &[u32; 5]| {
            for (i, x) in w.iter().enumerate() {
                out[t][i * 4..i * 4 + 4].copy_from_slice(&x.to_be_bytes());
            }
            false
        };
        for (t, (m, p)) in msgs.iter().enumerate() {
            let mid = k.mid(&m[..*p]);
            let (a, rest) = m.split_at(m.len() / 3);
            let (bb, c) = rest.split_at(rest.len() / 2);
            b.push(&k, &mid, [a, bb, c], t, &mut done);
        }
        b.drain(&k, &mut done);
        out
    }

    #[test]
    fn rfc2202_hmac_sha1_on_every_backend() {
        // RFC 2202 section 3, test cases 1-7.
        let cases: [(Vec<u8>, Vec<u8>, &str); 7] = [
            (
                vec![0x0b; 20],
                b"Hi There".to_vec(),
                "b617318655057264e28bc0b6fb378c8ef146be00",
            ),
            (
                b"Jefe".to_vec(),
                b"what do ya want for nothing?".to_vec(),
                "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
            ),
            (
                vec![0xaa; 20],
                vec![0xdd; 50],
                "125d7342b9ac11cd91a39af48aa17b4f63f175d3",
            ),
            (
                (1..=25).collect(),
                vec![0xcd; 50],
                "4c9007f4026250c6bc8414f9bf50c86c2d7235da",
            ),
            (
                vec![0x0c; 20],
                b"Test With Truncation".to_vec(),
                "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04",
            ),
            (
                vec![0xaa; 80],
                b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
                "aa4ae5e15272d00e95705637ce8a3b55ed402112",
            ),
            (
                vec![0xaa; 80],
                b"Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"
                    .to_vec(),
                "e8e99d0f45237d786d6bbaa7965c7808bbff1a91",
            ),
        ];
        for (key, data, want) in &cases {
            assert_eq!(hex::encode(Sha1Key::new(key).mac(data)), *want);
            for backend in crate::secret::sha1x4::Backend::available() {
                // each vector alone, and all seven in one batch next to each other
                let got = batch_macs(backend, key, &[(data.clone(), 0)]);
                assert_eq!(hex::encode(got[0]), *want, "{backend:?}");
                let many: Vec<(Vec<u8>, usize)> = (0..7).map(|i| (data.clone(), i % 2)).collect();
                for g in batch_macs(backend, key, &many) {
                    assert_eq!(hex::encode(g), *want, "{backend:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Every lane of the batch path equals the `hmac` crate, for messages of every
        /// length 0..300 resumed from midstates of every prefix length.
        #[test]
        fn every_lane_equals_the_hmac_crate(
            key in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..100),
            msgs in proptest::collection::vec(
                (proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300), 0usize..300),
                1..12,
            ),
        ) {
            let msgs: Vec<(Vec<u8>, usize)> =
                msgs.into_iter().map(|(m, p)| { let p = p.min(m.len()); (m, p) }).collect();
            for backend in crate::secret::sha1x4::Backend::available() {
                let got = batch_macs(backend, &key, &msgs);
                for (g, (m, _)) in got.iter().zip(&msgs) {
                    proptest::prop_assert_eq!(g.to_vec(), ref1(&key, m));
                }
            }
        }
    }

    #[test]
    fn every_length_in_one_batch() {
        let msg: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        let msgs: Vec<(Vec<u8>, usize)> = (0..300).map(|n| (msg[..n].to_vec(), n / 2)).collect();
        for backend in crate::secret::sha1x4::Backend::available() {
            let got = batch_macs(backend, b"k", &msgs);
            for (g, (m, _)) in got.iter().zip(&msgs) {
                assert_eq!(g.to_vec(), ref1(b"k", m), "{backend:?} len {}", m.len());
            }
        }
    }

    #[test]
    fn matches_the_hmac_crate_for_every_length() {
        let msg: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        for key in [&b"k"[..], &[0xAB; 64][..], &[0x11; 100][..], b""] {
            let k1 = Sha1Key::new(key);
            let k2 = Sha256Key::new(key);
            for n in 0..msg.len() {
                let m = &msg[..n];
                assert_eq!(k1.mac(m).to_vec(), ref1(key, m), "sha1 len {n}");
                assert_eq!(k2.mac(m).to_vec(), ref256(key, m), "sha256 len {n}");
                let p = n / 2;
                assert_eq!(k1.mac_from(&k1.mid(&m[..p]), m).to_vec(), ref1(key, m));
                assert_eq!(k2.mac_from(&k2.mid(&m[..p]), m).to_vec(), ref256(key, m));
                use sha2::Digest;
                assert_eq!(
                    sha256_from(&sha256_mid(&m[..p]), m).to_vec(),
                    sha2::Sha256::digest(m).to_vec()
                );
            }
        }
    }

    #[test]
    fn v4_key_matches_the_spec_chain() {
        let k = v4_signing_key(
            b"aliyun_v4",
            b"aliyun_v4_request",
            b"sk",
            b"20231216",
            b"cn-hangzhou",
            b"oss",
        );
        let mut key = b"aliyun_v4sk".to_vec();
        let mut chain = |m: &[u8]| {
            key = ref256(&key, m);
        };
        chain(b"20231216");
        chain(b"cn-hangzhou");
        chain(b"oss");
        chain(b"aliyun_v4_request");
        assert_eq!(k.to_vec(), key);
    }
}
