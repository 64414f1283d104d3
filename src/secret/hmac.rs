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

    /// Four HMACs at once ([`mac_from`](Self::mac_from) per lane): the lanes' blocks go
    /// through [`super::sha1x4::compress4`] in lockstep — the whole blocks straight from
    /// the messages, then the padded tails — and only the blocks one lane has more of
    /// than the others are hashed alone.
    pub fn mac_from_x4(&self, m: [&Mid<5>; 4], msgs: [&[u8]; 4]) -> [[u8; 20]; 4] {
        let data = [0, 1, 2, 3].map(|k| msgs[k].get(m[k].done..).unwrap_or_default());
        let full = data.map(|d| d.len() / 64);
        let mut states = [m[0].state, m[1].state, m[2].state, m[3].state];
        // Whole blocks, in lockstep as far as every lane has them.
        let common = *full.iter().min().unwrap_or(&0);
        super::sha1x4::compress4(&mut states, data, common);
        for k in 0..4 {
            for b in common..full[k] {
                c1(&mut states[k], &data[k][b * 64..b * 64 + 64]);
            }
        }
        // The padded tails: one or two blocks each.
        let mut tails = [[0u8; 128]; 4];
        let mut nt = [0usize; 4];
        for k in 0..4 {
            let rest = &data[k][full[k] * 64..];
            let t = &mut tails[k];
            t[..rest.len()].copy_from_slice(rest);
            t[rest.len()] = 0x80;
            let n = if rest.len() + 9 <= 64 { 64 } else { 128 };
            let bits = ((64 + m[k].done + data[k].len()) as u64).wrapping_mul(8);
            t[n - 8..n].copy_from_slice(&bits.to_be_bytes());
            nt[k] = n / 64;
        }
        let tcommon = *nt.iter().min().unwrap_or(&1);
        {
            let [t0, t1, t2, t3] = &tails;
            super::sha1x4::compress4(&mut states, [&t0[..], &t1[..], &t2[..], &t3[..]], tcommon);
        }
        for k in 0..4 {
            if nt[k] > tcommon {
                c1(&mut states[k], &tails[k][64..128]);
            }
        }
        // Outer hash: one block per lane.
        let mut ob = [[0u8; 64]; 4];
        for k in 0..4 {
            for (i, w) in states[k].iter().enumerate() {
                ob[k][i * 4..i * 4 + 4].copy_from_slice(&w.to_be_bytes());
            }
            ob[k][20] = 0x80;
            ob[k][56..64].copy_from_slice(&((64u64 + 20) * 8).to_be_bytes());
        }
        let mut o = [self.outer; 4];
        {
            let [b0, b1, b2, b3] = &ob;
            super::sha1x4::compress4(&mut o, [&b0[..], &b1[..], &b2[..], &b3[..]], 1);
        }
        o.map(|st| {
            let mut out = [0u8; 20];
            for (i, w) in st.iter().enumerate() {
                out[i * 4..i * 4 + 4].copy_from_slice(&w.to_be_bytes());
            }
            out
        })
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

/// The V4 signing key: `aliyun_v4`+secret → date → region → product → `aliyun_v4_request`.
pub fn v4_signing_key(secret: &[u8], date: &[u8], region: &[u8], product: &[u8]) -> [u8; 32] {
    let mut k = zeroize::Zeroizing::new(Vec::with_capacity(9 + secret.len()));
    k.extend_from_slice(b"aliyun_v4");
    k.extend_from_slice(secret);
    let d = Sha256Key::new(&k).mac(date);
    let r = Sha256Key::new(&d).mac(region);
    let p = Sha256Key::new(&r).mac(product);
    Sha256Key::new(&p).mac(b"aliyun_v4_request")
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

    #[test]
    fn four_lanes_match_one_at_a_time() {
        let key = Sha1Key::new(b"secret-for-the-x4-test");
        let base: Vec<u8> = (0..700u32).map(|i| (i * 7 + 3) as u8).collect();
        for lens in [
            [0, 1, 55, 56],
            [63, 64, 65, 119],
            [200, 273, 300, 620],
            [5, 700, 64, 128],
        ] {
            let msgs: Vec<&[u8]> = lens.iter().map(|&n| &base[..n]).collect();
            let mids: Vec<Mid<5>> = lens.iter().map(|&n| key.mid(&base[..n / 2])).collect();
            let got = key.mac_from_x4(
                [&mids[0], &mids[1], &mids[2], &mids[3]],
                [msgs[0], msgs[1], msgs[2], msgs[3]],
            );
            for k in 0..4 {
                assert_eq!(
                    got[k],
                    key.mac_from(&mids[k], msgs[k]),
                    "lane {k}, len {}",
                    lens[k]
                );
                assert_eq!(got[k], key.mac(msgs[k]));
            }
        }
    }

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
        let k = v4_signing_key(b"sk", b"20231216", b"cn-hangzhou", b"oss");
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
