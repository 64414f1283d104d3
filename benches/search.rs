//! Secret-search throughput, next to the machine's raw hash rates measured in the same
//! run (issue 5). Run with:
//!
//!     cargo bench --bench search            # full run (10^7 V1 candidates)
//!     cargo bench --bench search -- quick   # a shorter run
//!
//! Prints candidates/s for the V1 and V4 searches and, on the same number of threads
//! (rayon's pool: all cores), the raw rate of HMAC-SHA1 over the V1 string and of
//! SHA-256 over the V4 canonical request plus HMAC-SHA256 over the string to sign.
//! A candidate that differs from the server's string late is hashed only from the
//! block of its first change, so the search can beat the "raw" rate.

use ossdiag::secret::hmac::{self as fast, Sha1Key, Sha256Key};
use ossdiag::secret::{search_v1, search_v4};
use rayon::prelude::*;
use std::hint::black_box;
use std::time::Instant;

const V1: &[u8] = b"PUT\n1B2M2Y8AsgTpgAmY7PhCfg==\napplication/octet-stream\nTue, 23 May 2023 15:24:55 GMT\nx-oss-meta-author:alice@example.com\nx-oss-object-acl:private\nx-oss-storage-class:IA\n/media-cdn-origin/photos/2023/summer trip/IMG_0042.jpg?uploadId=0004B9894A22E5B1888A1E29F823&partNumber=3";

const CR: &[u8] = b"PUT\n/media-cdn-origin/photos/2023/summer%20trip/IMG_0042.jpg\npartNumber=3&uploadId=0004B9894A22E5B1888A1E29F823\ncontent-md5:1B2M2Y8AsgTpgAmY7PhCfg==\ncontent-type:application/octet-stream\nhost:media-cdn-origin.oss-cn-hangzhou.aliyuncs.com\nx-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20230523T152455Z\nx-oss-meta-author:alice@example.com\n\nhost\nUNSIGNED-PAYLOAD";

const SECRET: &[u8] = b"BenchmarkSecretNotARealOne0123456";

/// Rate of `f` over `n` items on the rayon pool, items/s.
fn par_rate(n: u64, f: impl Fn(u64) -> u8 + Sync + Send) -> f64 {
    let t = Instant::now();
    let x: u64 = (0..n as usize)
        .into_par_iter()
        .with_min_len(4096)
        .map(|i| f(i as u64) as u64)
        .sum();
    black_box(x);
    n as f64 / t.elapsed().as_secs_f64()
}

/// `openssl speed -evp sha1` on 16384-byte blocks with one process per thread: bytes/s
/// in all (None when openssl is not there or prints something else).
fn openssl_sha1_bytes_per_s(threads: usize) -> Option<f64> {
    let mut cmd = std::process::Command::new("openssl");
    cmd.args(["speed", "-evp", "sha1", "-seconds", "2", "-bytes", "16384"]);
    if threads > 1 {
        cmd.args(["-multi", &threads.to_string()]);
    }
    let out = cmd.stderr(std::process::Stdio::null()).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().rev().find(|l| l.starts_with("sha1"))?;
    let k = line.split_whitespace().last()?.strip_suffix('k')?;
    k.parse::<f64>().ok().map(|k| k * 1000.0)
}

/// SHA-1 compressions in one HMAC-SHA1 of an `len`-byte message with the ipad/opad
/// states precomputed: the inner hash of len bytes + 9 bytes of padding, and one outer
/// block (20-byte digest + padding).
fn hmac_sha1_blocks(len: usize) -> u64 {
    (len as u64 + 9).div_ceil(64) + 1
}

fn m(r: f64) -> String {
    format!("{:.2} M/s", r / 1e6)
}

fn main() {
    if std::env::args().any(|a| a == "profile") {
        // One V1 search alone, for `valgrind --tool=callgrind` (instruction counts).
        let o = search_v1(V1, SECRET, [0u8; 20], 200_000);
        println!("{} candidates", o.tried);
        // Compressions per candidate the space needs (inner from the block of the first
        // change, and the outer block), singles and pairs.
        let (ed, _) = ossdiag::secret::edits::v1(V1, &Default::default());
        let sp = ossdiag::secret::search::Space::new(V1.to_vec(), ed, vec![]);
        let cost = |len: usize, first: usize| ((len + 9).div_ceil(64) - first / 64 + 1) as u64;
        let (mut n, mut c) = (0u64, 0u64);
        let mut hist = [0u64; 8];
        for (i, ei) in sp.edits.iter().enumerate() {
            let di = ei.repl.len() as isize - (ei.end - ei.start) as isize;
            for ej in sp.edits[i + 1..].iter().filter(|e| e.start >= ei.end) {
                let dj = ej.repl.len() as isize - (ej.end - ej.start) as isize;
                let len = (V1.len() as isize + di + dj) as usize;
                let k = cost(len, (ej.start as isize + di) as usize);
                n += 1;
                c += k;
                hist[(k as usize).min(7)] += 1;
            }
        }
        println!(
            "{} edits, {n} pairs, {:.2} compressions per pair; by cost {hist:?}",
            sp.edits.len(),
            c as f64 / n as f64
        );
        let mut fields: std::collections::BTreeMap<String, usize> = Default::default();
        for e in &sp.edits {
            *fields.entry(e.field.clone()).or_default() += 1;
        }
        println!("{fields:?}");
        return;
    }
    if std::env::args().any(|a| a == "blocks") {
        block_rates();
        return;
    }
    let quick = std::env::args().any(|a| a == "quick");
    let n_raw: u64 = if quick { 2_000_000 } else { 10_000_000 };
    let v1_limit: u64 = if quick { 2_000_000 } else { 10_000_000 };
    let threads = rayon::current_num_threads();
    println!("ossdiag secret-search benchmark — {threads} threads (rayon), V1 string {} B, V4 canonical request {} B", V1.len(), CR.len());

    // Raw rates: the same messages, a fresh byte changed per item so nothing is cached.
    let k1 = Sha1Key::new(SECRET);
    let raw_sha1 = par_rate(n_raw, |i| {
        let mut b = [0u8; 512];
        b[..V1.len()].copy_from_slice(V1);
        b[0] = i as u8;
        k1.mac(&b[..V1.len()])[0]
    });
    let raw_hmac_crate = par_rate(n_raw / 4, |i| {
        use ::hmac::Mac as _;
        let mut b = V1.to_vec();
        b[0] = i as u8;
        let mut h = ::hmac::Hmac::<sha1::Sha1>::new_from_slice(SECRET).unwrap();
        h.update(&b);
        h.finalize().into_bytes()[0]
    });
    let key = fast::v4_signing_key(
        b"aliyun_v4",
        b"aliyun_v4_request",
        SECRET,
        b"20230523",
        b"cn-hangzhou",
        b"oss",
    );
    let k256 = Sha256Key::new(&key);
    let sts_prefix =
        b"OSS4-HMAC-SHA256\n20230523T152455Z\n20230523/cn-hangzhou/oss/aliyun_v4_request\n";
    let raw_sha256 = par_rate(n_raw / 2, |i| {
        let mut b = [0u8; 512];
        b[..CR.len()].copy_from_slice(CR);
        b[0] = i as u8;
        fast::sha256(&b[..CR.len()])[0]
    });
    let raw_v4 = par_rate(n_raw / 2, |i| {
        let mut b = [0u8; 512];
        b[..CR.len()].copy_from_slice(CR);
        b[0] = i as u8;
        let h = fast::sha256(&b[..CR.len()]);
        let mut s = [0u8; 256];
        s[..sts_prefix.len()].copy_from_slice(sts_prefix);
        fast::hex_into(&h, &mut s[sts_prefix.len()..sts_prefix.len() + 64]);
        k256.mac(&s[..sts_prefix.len() + 64])[0]
    });

    // Searches that find nothing (a target no candidate has), so the whole space runs;
    // repeated until `target` candidates were tried, since one space is smaller than that.
    let repeat = |target: u64, f: &dyn Fn() -> (u64, u64)| {
        let t = Instant::now();
        let (mut tried, mut total) = (0u64, 0u64);
        while tried < target {
            let (a, b) = f();
            tried += a.max(1);
            total = b;
        }
        (tried, total, t.elapsed().as_secs_f64())
    };
    // openssl runs just before and just after the V1 search and the two are averaged, so
    // that load from other processes weighs on both sides alike.
    let before = openssl_sha1_bytes_per_s(threads);
    let (t1, space1, d1) = repeat(v1_limit, &|| {
        let o = search_v1(V1, SECRET, [0u8; 20], v1_limit);
        (o.tried, o.total)
    });
    let v1_rate = t1 as f64 / d1;
    let after = openssl_sha1_bytes_per_s(threads);
    let openssl = match (before, after) {
        (Some(a), Some(b)) => Some((a + b) / 2.0),
        (a, b) => a.or(b),
    };
    let sts0 = b"OSS4-HMAC-SHA256\n20230523T152455Z\n20230523/cn-hangzhou/oss/aliyun_v4_request\n0000000000000000000000000000000000000000000000000000000000000000";
    let (t4, space4, d4) = repeat(v1_limit / 10, &|| {
        let o = search_v4(sts0, CR, SECRET, [0u8; 32], v1_limit);
        (o.tried, o.total)
    });
    let v4_rate = t4 as f64 / d4;
    println!();
    println!("| what | rate | vs raw |");
    println!("|---|---|---|");
    println!(
        "| raw HMAC-SHA1 over the V1 string (precomputed pads) | {} | |",
        m(raw_sha1)
    );
    println!(
        "| raw HMAC-SHA1, `hmac` crate, keyed per message | {} | |",
        m(raw_hmac_crate)
    );
    let blocks = hmac_sha1_blocks(V1.len());
    let openssl_hmac = openssl.map(|b| b / 64.0 / blocks as f64);
    match (openssl, openssl_hmac) {
        (Some(b), Some(h)) => println!(
            "| openssl speed -evp sha1 (16384-byte blocks, -multi {threads}, mean of a run before and after the V1 search): {:.0} MB/s = {:.2} M compressions/s, so HMAC-SHA1 of {} B ({blocks} compressions) | {} | |",
            b / 1e6,
            b / 64.0 / 1e6,
            V1.len(),
            m(h)
        ),
        _ => println!("| openssl speed -evp sha1: not available | | |"),
    }
    println!(
        "| **V1 search** ({} candidates, spaces of {}, in {:.2} s) | {} | {:.0}% |",
        t1,
        space1,
        d1,
        m(v1_rate),
        100.0 * v1_rate / raw_sha1
    );
    println!(
        "| raw SHA-256 over the V4 canonical request | {} | |",
        m(raw_sha256)
    );
    println!(
        "| raw SHA-256(canonical request) + HMAC-SHA256(string to sign) | {} | |",
        m(raw_v4)
    );
    println!(
        "| **V4 search** ({} candidates, spaces of {}, in {:.2} s) | {} | {:.0}% |",
        t4,
        space4,
        d4,
        m(v4_rate),
        100.0 * v4_rate / raw_v4
    );
    if let Some(h) = openssl_hmac {
        println!(
            "\nV1 search vs openssl's HMAC-SHA1 rate (same run, same threads): {:.2}x",
            v1_rate / h
        );
    }
    println!(
        "\n10^7 V1 candidates take {:.2} s at this rate on {threads} threads.",
        1e7 / v1_rate
    );
}

/// CPU seconds this process has used (user + system), from /proc (Linux); the wall clock
/// when /proc cannot be read. Other processes on a loaded machine do not count in it.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    match (
        f.get(11).and_then(|x| x.parse::<f64>().ok()),
        f.get(12).and_then(|x| x.parse::<f64>().ok()),
    ) {
        (Some(u), Some(s)) => (u + s) / 100.0,
        _ => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0),
    }
}

/// One thread: ns (of CPU time) per SHA-1 block for one chain (the `sha1` crate over many
/// blocks, as openssl hashes one long message) and for four chains in lockstep, per backend.
fn block_rates() {
    use ossdiag::secret::sha1x4::{compress4, Backend};
    let data = vec![0x5au8; 64 * 4096];
    let reps = 2000;
    for round in 0..2 {
        let mut st = [
            0x6745_2301u32,
            0xEFCD_AB89,
            0x98BA_DCFE,
            0x1032_5476,
            0xC3D2_E1F0,
        ];
        let blocks: Vec<_> = data
            .chunks_exact(64)
            .map(|c| *sha1::digest::generic_array::GenericArray::from_slice(c))
            .collect();
        let t = cpu_secs();
        for _ in 0..reps {
            sha1::compress(&mut st, &blocks);
        }
        let one = (cpu_secs() - t) * 1e9 / (reps as f64 * 4096.0);
        black_box(st);
        for b in Backend::available() {
            let mut s4 = [st; 4];
            let blk: &[u8; 64] = data[..64].try_into().unwrap();
            let t = cpu_secs();
            let n = reps * 4096 / 4;
            for i in 0..n {
                let x: &[u8; 64] = data[(i % 4096) * 64..(i % 4096) * 64 + 64]
                    .try_into()
                    .unwrap();
                compress4(b, &mut s4, [x, blk, x, blk]);
            }
            let four = (cpu_secs() - t) * 1e9 / (n as f64 * 4.0);
            black_box(s4);
            let mut s2 = [st; 2];
            let t = cpu_secs();
            let n2 = reps * 4096 / 2;
            for i in 0..n2 {
                let x: &[u8; 64] = data[(i % 4096) * 64..(i % 4096) * 64 + 64]
                    .try_into()
                    .unwrap();
                ossdiag::secret::sha1x4::compress_n(b, &mut s2, [x, blk]);
            }
            let two = (cpu_secs() - t) * 1e9 / (n2 as f64 * 2.0);
            black_box(s2);
            let mut s3 = [st; 3];
            let t = cpu_secs();
            let n3 = reps * 4096 / 3;
            for i in 0..n3 {
                let x: &[u8; 64] = data[(i % 4096) * 64..(i % 4096) * 64 + 64]
                    .try_into()
                    .unwrap();
                ossdiag::secret::sha1x4::compress_n(b, &mut s3, [x, blk, x]);
            }
            let three = (cpu_secs() - t) * 1e9 / (n3 as f64 * 3.0);
            black_box(s3);
            let mut s16 = [st; 16];
            let t = cpu_secs();
            let n16 = reps * 4096 / 16;
            for i in 0..n16 {
                let x: &[u8; 64] = data[(i % 4096) * 64..(i % 4096) * 64 + 64]
                    .try_into()
                    .unwrap();
                ossdiag::secret::sha1x4::compress16(
                    b,
                    &mut s16,
                    [
                        x, blk, x, blk, x, blk, x, blk, x, blk, x, blk, x, blk, x, blk,
                    ],
                );
            }
            let sixteen = (cpu_secs() - t) * 1e9 / (n16 as f64 * 16.0);
            black_box(s16);
            println!("sixteen lanes {sixteen:.1} ns/block");
            println!("round {round}: one chain {one:.1} ns/block; {b:?} lanes: 2 {two:.1}, 3 {three:.1}, 4 {four:.1} ns/block");
        }
    }
}
